import { isDuplicateKeyError } from '../errors';
import { Batcher } from '../batcher';
import { inWriteLane } from './write-lane';

export interface WriteError {
  index: number;
  code?: number;
}

/** The per-document errors of an `insertMany` with `ordered: false` (none for other errors). */
export function writeErrorsOf(err: unknown): WriteError[] {
  const writeErrors = (err as { writeErrors?: WriteError[] | WriteError } | null)?.writeErrors;
  return Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
}

/**
 * insertMany that keeps going past duplicate keys (the once-only guard) and tells which
 * documents were inserted. Any other error is thrown. Uses the driver directly: the
 * documents are built by our code, and mongoose's per-document work costs too much at
 * hundreds of inserts per second.
 */
interface HasCollection {
  collection: { insertMany(docs: object[], options: { ordered: boolean }): Promise<unknown> };
}

export async function insertManyUnique<T extends object>(
  model: HasCollection,
  docs: readonly T[]
): Promise<boolean[]> {
  const inserted = docs.map(() => true);
  if (docs.length === 0) return inserted;
  try {
    await inWriteLane(() =>
      model.collection.insertMany(
        docs.map((d) => ({ ...d })),
        { ordered: false }
      )
    );
  } catch (err) {
    const list = writeErrorsOf(err);
    if (list.length === 0 || !isDuplicateKeyError(err) || list.some((w) => w.code !== 11000)) throw err;
    for (const w of list) inserted[w.index] = false;
  }
  return inserted;
}

/**
 * Unique inserts of many concurrent requests, stored together: each call's document joins the
 * next `insertManyUnique` (group commit, `Batcher`), one write for the batch instead of one per
 * document waiting on the database lock. Resolves whether this document went in (false: its
 * key was taken — the guard held).
 */
export function batchedUniqueInsert<T extends object>(model: HasCollection): (doc: T) => Promise<boolean> {
  const batcher = new Batcher<T, boolean>(async (docs) =>
    (await insertManyUnique(model, docs)).map((value) => ({ status: 'fulfilled' as const, value }))
  );
  return (doc) => batcher.submit(doc);
}
