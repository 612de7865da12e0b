/**
 * Runs the daily service-reminder job by hand for a day (operators; the once-only tests spawn
 * it as a second scheduler instance).
 *
 *   npx tsx scripts/reminders-run.ts [--date 2026-05-20] [--dealership CODE|ID]
 *
 * Settings come from the environment like the server's (MONGODB_URI, WECHAT_API_BASE,
 * WECHAT_APPID, WECHAT_SECRET, CARE_SEND_MAX_ATTEMPTS, CARE_RETRY_BASE_MS). A rerun reminds
 * nobody twice and finishes reminders a stopped run left pending. Prints one JSON line with
 * the counts. Exit code: 0 done, 1 the run failed, 2 bad arguments or settings.
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
  const { values } = parseArgs({ options: { date: { type: 'string' }, dealership: { type: 'string' } } });
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
    const result = await runJobNow('reminders-daily', {
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
