import { isDuplicateKeyError } from '../errors';
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
