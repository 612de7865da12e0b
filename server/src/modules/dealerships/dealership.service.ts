import { Types } from 'mongoose';
import { dealershipSettings, type DealershipSettings } from '@dealer/shared';
import { clock } from '../../lib/clock';
import { conflict, isDuplicateKeyError, notFound } from '../../lib/errors';
import { TtlCache } from '../../lib/ttl-cache';
import { Dealership } from './dealership.model';

export interface NewDealership {
  code: string;
  name: string;
  address?: string;
  phone?: string;
}

export async function createDealership(input: NewDealership) {
  const now = clock.now();
  try {
    return await Dealership.create({ ...input, settings: dealershipSettings.parse({}), createdAt: now, updatedAt: now });
  } catch (err) {
    if (isDuplicateKeyError(err)) throw conflict('DEALERSHIP_CODE_TAKEN', `门店代码 ${input.code} 已存在`);
    throw err;
  }
}

export async function findDealership(id: string | Types.ObjectId) {
  const dealership = await Dealership.findById(id).lean();
  if (!dealership) throw notFound('门店');
  return dealership;
}

/** Stored settings completed with today's defaults (settings added later get their default). */
export function settingsOf(dealership: { settings?: unknown }): DealershipSettings {
  return dealershipSettings.parse(dealership.settings ?? {});
}

const settingsCache = new TtlCache<DealershipSettings>(30_000);

/** Settings are read on hot paths (every archive view); cached briefly, invalidated on change. */
export async function loadSettings(id: string | Types.ObjectId): Promise<DealershipSettings> {
  return settingsCache.getOrLoad(String(id), async () => settingsOf(await findDealership(id)));
}

export async function updateSettings(id: string, patch: Partial<DealershipSettings>): Promise<DealershipSettings> {
  const current = await loadSettings(id);
  const next = dealershipSettings.parse({ ...current, ...patch });
  await Dealership.updateOne({ _id: id }, { $set: { settings: next, updatedAt: clock.now() } });
  settingsCache.invalidate(id);
  return next;
}

export async function listDealerships(only: string | null) {
  const filter = only ? { _id: new Types.ObjectId(only) } : {};
  return Dealership.find(filter).sort({ code: 1 }).lean();
}
