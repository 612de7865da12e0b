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
  /**
   * The stored value of each field in `set` when the import read it (updatedAt aside).
   * The update applies only while they still hold: a staff edit (or another import)
   * made since the read is never overwritten with the file's value.
   */
  expect?: Record<string, unknown>;
  /** Further conditions (e.g. "the stored reading is older"); an update that misses them is dropped. */
  when?: Record<string, unknown>;
}

/** Equality conditions on the values read: embedded documents field by field (key order differs). */
export function conditionsOf(expect: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const conditions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(expect)) {
    const path = `${prefix}${key}`;
    const plain =
      typeof value === 'object' &&
      value !== null &&
      !(value instanceof Date) &&
      !(value instanceof Types.ObjectId) &&
      !Array.isArray(value);
    if (plain) Object.assign(conditions, conditionsOf(value as Record<string, unknown>, `${path}.`));
    else conditions[path] = value ?? null;
  }
  return conditions;
}

/** The update of one document: by `_id`, and on the values read when there are any. */
const updateFilter = (u: SetById) => ({ ...conditionsOf(u.expect ?? {}), ...u.when, _id: u._id });

function updateOp(u: SetById): AnyBulkWriteOperation {
  return { updateOne: { filter: updateFilter(u), update: { $set: u.set } } };
}

/**
 * `$set` by `_id` only: the one filter FerretDB answers from its primary key. Returns the
 * indexes of updates refused by a unique index (e.g. a vehicle's new identity key taken
 * meanwhile by another import); any other failure throws. The ids are distinct, so
 * `parallel` commands may run at once (FerretDB works on both cores; SQLite still commits
 * one at a time).
 */
export async function updateByIds(
  collection: Collection,
  updates: readonly SetById[],
  parallel = 2
): Promise<Set<number>> {
  const refused = new Set<number>();
  let matched = 0;
  let next = 0;
  async function worker(): Promise<void> {
    while (next < updates.length) {
      const start = next;
      next += UPDATES_PER_COMMAND;
      const ops: AnyBulkWriteOperation[] = updates.slice(start, start + UPDATES_PER_COMMAND).map(updateOp);
      try {
        matched += (await collection.bulkWrite(ops, { ordered: false })).matchedCount;
      } catch (err) {
        for (const index of duplicateIndexes(err)) refused.add(start + index);
        matched = -Infinity; // unknown: check every conditional update below
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, parallel) }, worker));
  if (matched < updates.length - refused.size) {
    const conditional = updates.flatMap((u, index) =>
      u.expect && !refused.has(index) ? [{ u, index }] : []
    );
    for (const index of await retryChangedMeanwhile(collection, conditional)) refused.add(index);
  }
  return refused;
}

const MAX_RETRIES = 3;

/**
 * Conditional updates that matched nothing: someone changed a field since the import read
 * it. Their value stays; the file's other fields (still as read) are written, conditionally
 * on the values now stored. Returns the indexes refused by a unique index.
 */
async function retryChangedMeanwhile(
  collection: Collection,
  updates: readonly { u: SetById; index: number }[]
): Promise<number[]> {
  const refused: number[] = [];
  let pending = updates;
  for (let round = 0; round < MAX_RETRIES && pending.length > 0; round++) {
    const docs = await collection.find({ _id: { $in: pending.map((p) => p.u._id) } }).toArray();
    const byId = new Map(docs.map((d) => [String(d._id), d as Record<string, unknown>]));
    const retries: { u: SetById; index: number }[] = [];
    for (const { u, index } of pending) {
      const current = byId.get(String(u._id));
      const fields = Object.keys(u.expect ?? {});
      // Deleted meanwhile, or already as the file says: nothing to do.
      if (!current || fields.every((k) => sameValue(current[k] ?? null, u.set[k]))) continue;
      const untouched = fields.filter((k) => sameValue(current[k] ?? null, u.expect?.[k] ?? null));
      if (untouched.length === 0) continue; // every field changed by someone else: theirs wins
      const set = Object.fromEntries(untouched.map((k) => [k, u.set[k]]));
      const expect = Object.fromEntries(untouched.map((k) => [k, current[k] ?? null]));
      retries.push({ u: { ...u, set: { ...set, updatedAt: u.set.updatedAt }, expect }, index });
    }
    const stillPending: { u: SetById; index: number }[] = [];
    for (const retry of retries) {
      try {
        const res = await collection.updateOne(updateFilter(retry.u), { $set: retry.u.set });
        if (res.matchedCount === 0) stillPending.push(retry);
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        refused.push(retry.index);
      }
    }
    pending = stillPending;
  }
  return refused;
}

/**
 * Plans a `$set` of the changed fields (with updatedAt) and the row behind it; false when
 * nothing changed.
 */
export function planUpdate<R>(
  plan: { docs: SetById[]; rows: R[] },
  stored: { _id: Types.ObjectId } & object,
  changes: Record<string, unknown>,
  row: R,
  now: Date
): boolean {
  if (Object.keys(changes).length === 0) return false;
  const read = stored as Record<string, unknown>;
  const expect = Object.fromEntries(Object.keys(changes).map((k) => [k, read[k] ?? null]));
  plan.docs.push({ _id: stored._id, set: { ...changes, updatedAt: now }, expect });
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
