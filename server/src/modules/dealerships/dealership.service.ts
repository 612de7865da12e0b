import { Types } from 'mongoose';
import { dealershipSettings, type DealershipSettings } from '@dealer/shared';
import { clock } from '../../lib/clock';
import { conflict, isDuplicateKeyError, notFound } from '../../lib/errors';
import { TtlCache } from '../../lib/ttl-cache';
import { inWriteTurn } from '../../lib/write-turn';
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
    return await Dealership.create({
      ...input,
      settings: dealershipSettings.parse({}),
      createdAt: now,
      updatedAt: now
    });
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

/**
 * Writes the settings the patch names, and only those (`settings.<key>`): an edit of the tier
 * settings and one of the warranty terms made at the same time both stay. Edits of one
 * dealership take turns (FerretDB writes a document back whole, see lib/write-turn.ts), each
 * merging onto what is stored at its turn. Answers with the settings in force after it.
 */
export async function updateSettings(
  id: string,
  patch: Partial<DealershipSettings>
): Promise<DealershipSettings> {
  const keys = (Object.keys(patch) as (keyof DealershipSettings)[]).filter((key) => patch[key] !== undefined);
  const next = await inWriteTurn(`dealership-settings:${id}`, {
    revision: async () => (await findDealership(id)).settingsRevision ?? 0,
    write: async (revision) => {
      const merged = dealershipSettings.parse({ ...settingsOf(await findDealership(id)), ...patch });
      const set: Record<string, unknown> = { settingsRevision: revision, updatedAt: clock.now() };
      for (const key of keys) set[`settings.${key}`] = merged[key];
      await Dealership.updateOne({ _id: id }, { $set: set });
      return merged;
    }
  });
  settingsCache.invalidate(id);
  return next;
}

export async function listDealerships(only: string | null) {
  const filter = only ? { _id: new Types.ObjectId(only) } : {};
  return Dealership.find(filter).sort({ code: 1 }).lean();
}
