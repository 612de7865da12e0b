/**
 * Runs the care job by hand for a day (operators; the once-only tests spawn it too).
 *
 *   npx tsx scripts/care-run.ts --date 2025-05-20 [--dealership CODE] [--dry-run]
 *                               [--job care-daily|care-sender] [--now 2025-05-20T10:00:00+08:00]
 *
 * Settings come from the environment like the server's (MONGODB_URI, WECHAT_API_BASE,
 * WECHAT_APPID, WECHAT_SECRET, CARE_SEND_RATE …; `npm run db` prints a local MONGODB_URI).
 * A rerun for the same day continues where an earlier (or crashed) run stopped: nothing is
 * planned, delivered or sent twice. `--dry-run` prints who would get what and writes
 * nothing. `--now` pretends the current time is another (rehearsals, tests): greetings go
 * out only inside the send window, otherwise they wait for the sender loop.
 * Exit code: 0 done, 1 the run failed, 2 bad arguments or settings.
 */
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { isIsoDate } from '@dealer/shared/domain/dates';
import { shanghaiDate } from '@dealer/shared/domain/calendar/send-window';
import { clock } from '../server/src/lib/clock';
import { disconnectDatabase } from '../server/src/lib/db';
import { runJobNow, type JobProgress } from '../server/src/lib/jobs';
import { openDatabase } from '../server/src/composition';
import { composeForScript } from './script-composition';
import type { CareSources } from '../server/src/modules/care/care-sources';
import { Dealership } from '../server/src/modules/dealerships/dealership.model';
import { estimateCareDay } from '../server/src/modules/care/engine/care-day';
import { previewCare } from '../server/src/modules/care/engine/preview';

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

async function dryRun(date: string, dealership: string | undefined, sources: CareSources): Promise<void> {
  const dealers = await Dealership.find(dealership ? { code: dealership } : {})
    .sort({ code: 1 })
    .lean();
  if (dealership && dealers.length === 0) fail(`no dealership ${dealership}`);
  for (const d of dealers) {
    const preview = await previewCare(String(d._id), date, sources);
    console.log(`\n${d.code} ${d.name} — ${date}`);
    for (const r of preview.rules.filter((x) => x.total > 0)) {
      const outcomes = Object.entries(r.outcomes)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ');
      console.log(`  ${r.name} (${r.occasion}, ${r.occasionDate}): ${r.total} — ${outcomes}`);
    }
    for (const i of preview.items.slice(0, 20))
      console.log(`    ${i.customerName}\t${i.ruleName}\t${i.outcome}${i.reason ? ` (${i.reason})` : ''}`);
    if (preview.truncated || preview.items.length > 20) console.log('    …');
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      date: { type: 'string' },
      dealership: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      job: { type: 'string', default: 'care-daily' },
      now: { type: 'string' },
      help: { type: 'boolean', short: 'h' }
    }
  });
  if (values.help) {
    console.log(
      'usage: npx tsx scripts/care-run.ts --date YYYY-MM-DD [--dealership CODE] [--dry-run] [--job care-daily|care-sender] [--now ISO]'
    );
    return;
  }
  if (values.now) {
    const at = new Date(values.now);
    if (Number.isNaN(at.getTime())) fail(`--now: not a date-time: ${values.now}`);
    const offset = at.getTime() - Date.now();
    clock.set(() => new Date(Date.now() + offset));
  }
  const date = values.date ?? shanghaiDate(clock.now());
  if (!isIsoDate(date)) fail(`--date: expected YYYY-MM-DD, got ${date}`);
  if (!['care-daily', 'care-sender'].includes(values.job ?? ''))
    fail(`--job: care-daily or care-sender, got ${values.job}`);

  // The same composition as the server's: every job, and every source a care rule reads.
  const { config, composition } = composeForScript(fail);
  const sources = composition.wiring.care;
  await openDatabase(config.MONGODB_URI);
  try {
    if (values['dry-run']) return await dryRun(date, values.dealership, sources);
    const tty = process.stderr.isTTY === true;
    const bar = tty
      ? new SingleBar(
          {
            format:
              '{phase} [{bar}] {value}/{total} | sent {sent} inbox {inbox} tasks {tasks} failed {failed}',
            stream: process.stderr
          },
          Presets.shades_classic
        )
      : null;
    const total =
      tty && values.job === 'care-daily' ? await estimateCareDay(date, values.dealership, sources) : 0;
    bar?.start(Math.max(total, 1), 0, { phase: 'plan', sent: 0, inbox: 0, tasks: 0, failed: 0 });
    let lastLine = 0;
    const onProgress = (p: JobProgress, counts: Readonly<Record<string, number>>) => {
      const payload = {
        phase: p.phase,
        sent: counts.sent ?? 0,
        inbox: counts.inbox_only ?? 0,
        tasks: counts.task_created ?? 0,
        failed: counts.failed ?? 0
      };
      if (bar) {
        if (p.done > bar.getTotal()) bar.setTotal(p.done);
        bar.update(p.done, payload);
      } else if (Date.now() - lastLine > 5_000) {
        lastLine = Date.now();
        console.error(`${p.phase}: ${p.done} customers, ${JSON.stringify(counts)}`);
      }
    };
    const options: Record<string, string> = values.dealership ? { dealership: values.dealership } : {};
    const result = await runJobNow(values.job ?? 'care-daily', {
      deps: composition.deps,
      date,
      options,
      onProgress
    });
    bar?.stop();
    console.log(
      JSON.stringify({
        runId: result.runId,
        status: result.status,
        date,
        counts: result.counts,
        ...(result.error ? { error: result.error } : {})
      })
    );
    if (result.status !== 'succeeded') process.exitCode = 1;
  } finally {
    await disconnectDatabase();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
