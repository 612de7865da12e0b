import { dealershipDueSettings, type DealershipDueSettings, type DealershipSettings } from '@dealer/shared';
import { dueSettings, type DueSettings, type FleetAverages } from '@dealer/shared/domain/due';
import type { IsoDate } from '@dealer/shared/domain/dates';
import { clock } from '../../lib/clock';
import { isDuplicateKeyError } from '../../lib/errors';
import { findDealership, settingsOf, updateSettings } from '../dealerships/dealership.service';
import { DueSettingsModel } from './due-settings.model';

/**
 * A dealership's due settings: the intervals, warranty and 三包 terms come from (and go to)
 * the dealership settings, everything else from `due_settings`, created with the defaults
 * on first read (like the booking settings).
 */

const SHARED_FIELDS = ['firstMaintenance', 'regularMaintenance', 'warranty', 'sanbao'] as const;
type SharedField = (typeof SHARED_FIELDS)[number];

function ownFields(settings: DealershipDueSettings): Omit<DealershipDueSettings, SharedField> {
  const { firstMaintenance: _f, regularMaintenance: _r, warranty: _w, sanbao: _s, ...own } = settings;
  return own;
}

function combine(dealer: DealershipSettings, stored: unknown): DealershipDueSettings {
  const own = typeof stored === 'object' && stored !== null ? stored : {};
  return dealershipDueSettings.parse({
    ...own,
    firstMaintenance: dealer.firstMaintenance,
    regularMaintenance: dealer.regularMaintenance,
    warranty: dealer.warranty,
    sanbao: dealer.sanbao
  });
}

async function storedDoc(dealershipId: string) {
  const found = await DueSettingsModel.findById(dealershipId).lean();
  if (found) return found;
  try {
    const defaults = ownFields(dealershipDueSettings.parse({}));
    await DueSettingsModel.create({ _id: dealershipId, settings: defaults, updatedAt: clock.now() });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
  }
  const created = await DueSettingsModel.findById(dealershipId).lean();
  if (!created) throw new Error(`due settings of ${dealershipId} vanished`);
  return created;
}

/** The settings in force (404 for an unknown dealership). */
export async function loadDueSettings(dealershipId: string): Promise<DealershipDueSettings> {
  const dealer = settingsOf(await findDealership(dealershipId));
  return combine(dealer, (await storedDoc(dealershipId)).settings);
}

/**
 * Replaces the settings. The dealership-settings part is written through its service (only
 * when it changed, so a concurrent edit of other dealership settings is kept); the rest is
 * one `$set` of this document.
 */
export async function replaceDueSettings(
  dealershipId: string,
  next: DealershipDueSettings
): Promise<DealershipDueSettings> {
  const dealer = settingsOf(await findDealership(dealershipId));
  await storedDoc(dealershipId);
  const changed = SHARED_FIELDS.filter((f) => JSON.stringify(dealer[f]) !== JSON.stringify(next[f]));
  if (changed.length > 0)
    await updateSettings(dealershipId, Object.fromEntries(changed.map((f) => [f, next[f]])));
  await DueSettingsModel.updateOne(
    { _id: dealershipId },
    { $set: { settings: ownFields(next), updatedAt: clock.now() } }
  );
  return loadDueSettings(dealershipId);
}

/** What the engine needs: its settings, the control group share, and the series averages to project with. */
export interface DueEngineSettings {
  engine: DueSettings;
  controlGroupPercent: number;
  fleet: FleetAverages;
}

/** Averages as pairs: a series name may hold a '.', which a field name may not. */
interface StoredFleet {
  measuredOn: IsoDate;
  averages: { key: string; kmPerDay: number }[];
}

const fleetOf = (stored: StoredFleet | null | undefined): FleetAverages =>
  new Map((stored?.averages ?? []).map((a) => [a.key, a.kmPerDay]));

/** The settings for a refresh on `today`, with the newest series averages measured before that day. */
export async function dueEngineSettings(dealershipId: string, today: IsoDate): Promise<DueEngineSettings> {
  const settings = await loadDueSettings(dealershipId);
  const doc = await DueSettingsModel.findById(dealershipId, { fleet: 1 }).lean();
  const latest = doc?.fleet?.latest as StoredFleet | null | undefined;
  const earlier = doc?.fleet?.earlier as StoredFleet | null | undefined;
  const usable = latest && latest.measuredOn < today ? latest : earlier;
  const { controlGroupPercent, ...rest } = settings;
  return { engine: dueSettings.parse(rest), controlGroupPercent, fleet: fleetOf(usable) };
}

/** Keeps what a refresh on `today` measured; the previous day's measure stays as `earlier`. */
export async function saveMeasuredFleet(
  dealershipId: string,
  today: IsoDate,
  averages: ReadonlyMap<string, number>
): Promise<void> {
  const doc = await DueSettingsModel.findById(dealershipId, { fleet: 1 }).lean();
  const latest = doc?.fleet?.latest as StoredFleet | null | undefined;
  const measured: StoredFleet = {
    measuredOn: today,
    averages: [...averages].map(([key, kmPerDay]) => ({ key, kmPerDay }))
  };
  const set: Record<string, unknown> = { 'fleet.latest': measured };
  if (latest && latest.measuredOn < today) set['fleet.earlier'] = latest;
  await DueSettingsModel.updateOne({ _id: dealershipId }, { $set: set });
}
