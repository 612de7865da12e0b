import { Types } from 'mongoose';
import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';
import { isDuplicateKeyError } from '../../../lib/errors';
import { MAX_UPDATE_STATEMENTS } from '../../../lib/jobs/bulk-write';

/** Bulk writes that suit FerretDB as well as MongoDB (update chunks: see MAX_UPDATE_STATEMENTS). */
const UPDATES_PER_COMMAND = MAX_UPDATE_STATEMENTS;

/** Inserts with ordered:false; returns the indexes of documents refused by a unique index. */
export async function insertAllowingDuplicates(
  collection: Collection,
  docs: Document[]
): Promise<Set<number>> {
  if (docs.length === 0) return new Set();
  try {
    await collection.insertMany(docs, { ordered: false });
    return new Set();
  } catch (err) {
    return duplicateIndexes(err);
  }
}

/** The statements a bulk write lost to a unique index; rethrows any other failure. */
function duplicateIndexes(err: unknown): Set<number> {
  if (!isDuplicateKeyError(err)) throw err;
  const writeErrors =
    (err as { writeErrors?: Array<{ index: number; code?: number; err?: { code?: number } }> }).writeErrors ??
    [];
  const indexes = new Set<number>();
  for (const w of writeErrors) {
    if ((w.code ?? w.err?.code) !== 11000) throw err;
    indexes.add(w.index);
  }
  if (indexes.size === 0) throw err;
  return indexes;
}

export interface SetById {
  _id: Types.ObjectId;
  set: Record<string, unknown>;
}

/**
 * `$set` by `_id` only: the one filter FerretDB answers from its primary key. Returns the
 * indexes of updates refused by a unique index (e.g. a vehicle's new identity key taken
 * meanwhile by another import); any other failure throws. The ids are distinct, so
 * `parallel` commands may run at once (FerretDB works on both cores; SQLite still commits
 * one at a time).
 */
export async function updateByIds(collection: Collection, updates: readonly SetById[], parallel = 2): Promise<Set<number>> {
  const refused = new Set<number>();
  let next = 0;
  async function worker(): Promise<void> {
    while (next < updates.length) {
      const start = next;
      next += UPDATES_PER_COMMAND;
      const ops: AnyBulkWriteOperation[] = updates
        .slice(start, start + UPDATES_PER_COMMAND)
        .map((u) => ({ updateOne: { filter: { _id: u._id }, update: { $set: u.set } } }));
      try {
        await collection.bulkWrite(ops, { ordered: false });
      } catch (err) {
        for (const index of duplicateIndexes(err)) refused.add(start + index);
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, parallel) }, worker));
  return refused;
}

/**
 * Plans a `$set` of the changed fields (with updatedAt) and the row behind it; false when
 * nothing changed.
 */
export function planUpdate<R>(
  plan: { docs: SetById[]; rows: R[] },
  _id: Types.ObjectId,
  changes: Record<string, unknown>,
  row: R,
  now: Date
): boolean {
  if (Object.keys(changes).length === 0) return false;
  plan.docs.push({ _id, set: { ...changes, updatedAt: now } });
  plan.rows.push(row);
  return true;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return a === b || (a ?? null) === (b ?? null);
  if (a instanceof Types.ObjectId || b instanceof Types.ObjectId) return String(a) === String(b);
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) =>
      sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])
    );
  }
  return false;
}

/** The fields of `desired` whose value differs from the stored document (empty: unchanged). */
export function changedFields(stored: object, desired: Record<string, unknown>): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  const current = stored as Record<string, unknown>;
  for (const [key, value] of Object.entries(desired)) {
    if (!sameValue(current[key] ?? null, value)) changes[key] = value;
  }
  return changes;
}

/** Copies the entries whose value is not null: an empty cell never erases stored data. */
export function presentOnly(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null && v !== undefined));
}
