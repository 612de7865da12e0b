/**
 * CPU profiles of chosen parts of a benchmark (not the seeding around them), through the
 * inspector: set BENCH_CPU_PROFILE=<dir> and each profiled part writes
 * <dir>/<label>.cpuprofile (open it in Chrome DevTools, or summarise it with
 * `npx tsx tests/bench/profile-summary.ts FILE`).
 */
import { Session } from 'node:inspector/promises';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export async function profiled<T>(label: string, work: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_CPU_PROFILE;
  if (!dir) return work();
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
  }
}
