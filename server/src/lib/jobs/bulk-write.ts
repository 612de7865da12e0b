/**
 * Upstream FerretDB v1.24 stops answering an `update` command of 100 or more statements
 * (each statement holds one of its 100 pooled SQLite connections to the end of the
 * command). Our build is patched (scripts/db/ferretdb/patches/msg_update.go.patched), but
 * bulk updates still go in chunks below that so an unpatched FerretDB behind MONGODB_URI
 * works too. Chunk size does not change the speed: FerretDB pays per updated document.
 */
export const MAX_UPDATE_STATEMENTS = 50;

/** Runs `write` on consecutive chunks of `ops` (in order, one at a time). */
export async function inUpdateChunks<T>(
  ops: readonly T[],
  write: (chunk: T[]) => Promise<unknown>
): Promise<void> {
  for (let i = 0; i < ops.length; i += MAX_UPDATE_STATEMENTS)
    await write(ops.slice(i, i + MAX_UPDATE_STATEMENTS));
}
