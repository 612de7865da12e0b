/**
 * FerretDB v1.24 (our build) stops answering an `update` command that carries 100 or more
 * statements (measured: 99 → 60 ms; 100 → no answer, and the connection stays stuck), so
 * bulk updates go in chunks well below that. MongoDB is unaffected; the chunks cost little.
 */
export const MAX_UPDATE_STATEMENTS = 50;

/** Runs `write` on consecutive chunks of `ops` (in order, one at a time). */
export async function inUpdateChunks<T>(ops: readonly T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < ops.length; i += MAX_UPDATE_STATEMENTS) await write(ops.slice(i, i + MAX_UPDATE_STATEMENTS));
}
