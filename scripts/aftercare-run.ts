/**
 * Runs the daily aftercare job by hand for a day (operators, e.g. a missed day; the crash
 * test spawns it as a process it can kill).
 *
 *   npx tsx scripts/aftercare-run.ts [--date 2026-05-20] [--dealership CODE|ID] [--now ISO time]
 *
 * Settings come from the environment like the server's (MONGODB_URI, WECHAT_API_BASE,
 * WECHAT_APPID, WECHAT_SECRET …). A rerun makes no second callback, survey or invitation and
 * finishes what a stopped run left. `--now` pretends the current time is another (tests).
 * Prints one JSON line with the counts. Exit code: 0 done, 1 the run failed, 2 bad arguments
 * or settings.
 */
import { parseArgs } from 'node:util';
import { isIsoDate } from '@dealer/shared/domain/dates';
import { loadConfig, ConfigError } from '../server/src/config';
import { clock, shanghaiDate } from '../server/src/lib/clock';
import { disconnectDatabase } from '../server/src/lib/db';
import { createLogger } from '../server/src/lib/logger';
import { runJobNow } from '../server/src/lib/jobs';
import { compose, infrastructureFrom, openDatabase } from '../server/src/composition';

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { date: { type: 'string' }, dealership: { type: 'string' }, now: { type: 'string' } }
  });
  if (values.now !== undefined) {
    const now = new Date(values.now);
    if (Number.isNaN(now.getTime())) fail(`--now: expected an ISO time, got ${values.now}`);
    clock.set(() => now);
  }
  const date = values.date ?? shanghaiDate(clock.now());
  if (!isIsoDate(date)) fail(`--date: expected YYYY-MM-DD, got ${date}`);
  let config;
  try {
    config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  } catch (err) {
    fail(err instanceof ConfigError ? err.message : String(err));
  }
  const composition = compose(infrastructureFrom(config, createLogger(config.LOG_LEVEL)));
  await openDatabase(config.MONGODB_URI);
  try {
    const result = await runJobNow('aftercare-daily', {
      deps: composition.deps,
      date,
      options: values.dealership ? { dealership: values.dealership } : {}
    });
    console.log(JSON.stringify({ runId: result.runId, status: result.status, date, counts: result.counts }));
    if (result.status !== 'succeeded') process.exitCode = 1;
  } finally {
    await disconnectDatabase();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
