/**
 * Runs one daily job by hand for a day, as the operator scripts (aftercare-run, reminders-run)
 * offer it: `--date YYYY-MM-DD` (default today in Shanghai), `--dealership CODE|ID` (default
 * all), `--now ISO time` (pretends the current time is another; tests). Settings come from the
 * environment like the server's. Prints one JSON line with the counts. Exit code: 0 done, 1 the
 * run failed, 2 bad arguments or settings.
 */
import { parseArgs } from 'node:util';
import { isIsoDate } from '@dealer/shared/domain/dates';
import { clock, shanghaiDate } from '../server/src/lib/clock';
import { disconnectDatabase } from '../server/src/lib/db';
import { runJobNow } from '../server/src/lib/jobs';
import { openDatabase } from '../server/src/composition';
import { composeForScript } from './script-composition';

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

async function runDay(jobName: string): Promise<void> {
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
  const { config, composition } = composeForScript(fail);
  await openDatabase(config.MONGODB_URI);
  try {
    const result = await runJobNow(jobName, {
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

/** Runs the job for the day the command line names, then exits (1 on an unexpected error). */
export function runDailyJobFromCommandLine(jobName: string): void {
  runDay(jobName).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
