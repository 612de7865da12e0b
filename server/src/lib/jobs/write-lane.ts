/**
 * One bulk write at a time per process. On FerretDB (SQLite) concurrent writers wait on
 * the database lock with sleeps, and an update measured at ~1 ms a document alone took
 * ~13 ms a document beside concurrent batch inserts; in turn they go at full speed. Bulk
 * writes of the jobs go through this lane (reads do not wait).
 */
let tail: Promise<unknown> = Promise.resolve();

export function inWriteLane<T>(write: () => Promise<T>): Promise<T> {
  const run = tail.then(write, write);
  tail = run.catch(() => undefined);
  return run;
}
