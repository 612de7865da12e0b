/**
 * CPU profiles of chosen parts of a benchmark (not the seeding around them): set
 * BENCH_CPU_PROFILE=<dir> and each profiled part writes
 *  - <dir>/<label>.cpuprofile: this process, through the inspector (open it in Chrome
 *    DevTools, or summarise it with `npx tsx tests/bench/profile-summary.ts FILE`);
 *  - <dir>/<label>.ferretdb.pprof: the embedded FerretDB of the run, when the bench started
 *    one (`go tool pprof -top .data/bin/ferretdb-embedded FILE`). The wrapper starts and
 *    stops a Go CPU profile on each SIGUSR1 (scripts/db/ferretdb/main.go).
 */
import { Session } from 'node:inspector/promises';
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const profileDir = (): string | null => process.env.BENCH_CPU_PROFILE ?? null;

/** The FerretDB being profiled, and the number of its next profile file. */
let database: { pid: number; prefix: string; next: number } | null = null;

/** The environment FerretDB is started with so that it can be profiled (before it starts). */
export function databaseProfilePrefix(): string | null {
  const dir = profileDir();
  if (!dir) return null;
  mkdirSync(dir, { recursive: true });
  return join(resolve(dir), 'ferretdb');
}

/** Profiles this FerretDB (started with FERRETDB_CPU_PROFILE=prefix) with every profiled part. */
export function profileDatabase(pid: number, prefix: string): void {
  database = { pid, prefix, next: 1 };
}

/** Stops the database's profile and moves its file to `target` once written. */
async function collectDatabaseProfile(db: NonNullable<typeof database>, target: string): Promise<void> {
  process.kill(db.pid, 'SIGUSR1');
  const file = `${db.prefix}.${db.next++}`;
  let size = -1;
  for (let i = 0; i < 50; i++) {
    await sleep(100);
    const now = existsSync(file) ? statSync(file).size : -1;
    if (now > 0 && now === size) break;
    size = now;
  }
  if (existsSync(file)) renameSync(file, target);
}

export async function profiled<T>(label: string, work: () => Promise<T>): Promise<T> {
  const dir = profileDir();
  if (!dir) return work();
  const db = database;
  if (db) process.kill(db.pid, 'SIGUSR1');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${label}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
    if (db) await collectDatabaseProfile(db, join(dir, `${label}.ferretdb.pprof`));
  }
}
