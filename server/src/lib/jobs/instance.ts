import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { isDuplicateKeyError } from '../errors';
import { op } from '../query';
import { JobInstance } from './job-run.model';

/**
 * This process's identity for claims, with a heartbeat in the database. A claim whose
 * holder has not beaten for the lease is treated as left behind by a crash and may be taken
 * over. Heartbeats use real time: `clock.now()` may be set to another day by a run.
 *
 * A beat is one write to `job_instances`; a long run (a day's aftercare, a night's tiers)
 * must not spend the database on them, so the process beats at most every HEARTBEAT_MS and
 * never starts a beat while the previous one is still under way (a slow database would
 * otherwise pile them up). The lease covers four beats, so a holder between two beats, or
 * with one beat delayed by a loaded database, is never taken for dead.
 */
export const HEARTBEAT_MS = 5_000;
const BEATS_PER_LEASE = 4;
let leaseMs = HEARTBEAT_MS * BEATS_PER_LEASE;

export const instanceId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

let timer: NodeJS.Timeout | null = null;
let users = 0;
let beating: Promise<void> | null = null;

/** One beat at a time: a tick while a beat is under way is skipped. */
function beatOnce(): Promise<void> {
  beating ??= beat().finally(() => {
    beating = null;
  });
  return beating;
}

async function beat(): Promise<void> {
  const now = new Date();
  const alive = { heartbeatAt: now, stoppedAt: null };
  try {
    await JobInstance.updateOne(
      { _id: instanceId },
      { $set: alive, $setOnInsert: { host: hostname(), pid: process.pid, startedAt: now } },
      { upsert: true }
    );
  } catch (err) {
    // Two runs of this process starting at once both upsert; the loser's insert collides
    // with the winner's (upserts are not atomic on FerretDB, nor always on MongoDB).
    if (!isDuplicateKeyError(err)) throw err;
    await JobInstance.updateOne({ _id: instanceId }, { $set: alive });
  }
}

/** Starts beating (reference-counted: each start needs a stop). Resolves after the first beat. */
export async function holdInstanceLease(): Promise<() => Promise<void>> {
  users++;
  if (timer === null) {
    timer = setInterval(() => void beatOnce().catch(() => undefined), HEARTBEAT_MS);
    timer.unref();
  }
  await beatOnce();
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    users--;
    if (users > 0 || timer === null) return;
    clearInterval(timer);
    timer = null;
    await JobInstance.updateOne({ _id: instanceId }, { $set: { stoppedAt: new Date() } }).catch(
      () => undefined
    );
  };
}

/** The instances among `ids` that are alive now (this one always is). */
export async function liveInstances(ids: readonly string[]): Promise<Set<string>> {
  const others = [...new Set(ids)].filter((id) => id !== instanceId);
  const live = new Set<string>([instanceId]);
  if (others.length === 0) return live;
  const since = new Date(Date.now() - leaseMs);
  const rows = await JobInstance.find({ _id: op.in(others) }).lean();
  for (const r of rows) if (r.stoppedAt === null && r.heartbeatAt >= since) live.add(r._id);
  return live;
}

/** The lease after which a silent holder counts as gone. */
export function instanceLeaseMs(): number {
  return leaseMs;
}

/** Tests shorten the lease. */
export function setInstanceLeaseMs(ms: number): void {
  leaseMs = ms;
}
