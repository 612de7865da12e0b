import { dealershipsForRun } from '../dealerships/job-dealerships';
import type { JobContext, JobDefinition } from '../../lib/jobs/define';
import { refreshDealershipDue } from './due-refresh.service';

/**
 * Nightly: every dealership's due events for the day (Asia/Shanghai), after the tiers (the
 * events copy each customer's tier). A rerun the same day writes nothing new (the refresh
 * upserts only what changed), so the job's run slot is the only claim it needs; one failing
 * dealership does not stop the others.
 */
export async function runNightlyDue(ctx: JobContext): Promise<void> {
  const dealerships = await dealershipsForRun(ctx.options.dealership);
  ctx.progress({ phase: 'due', done: 0, total: dealerships.length });
  for (const [i, d] of dealerships.entries()) {
    try {
      const result = await refreshDealershipDue(String(d._id), ctx.date, ctx.logger);
      ctx.count('vehicles', result.vehicles);
      ctx.count('written', result.written);
      ctx.count('superseded', result.superseded);
      ctx.count('flaggedReadings', result.flaggedReadings);
    } catch (err) {
      ctx.itemFailed(String(d._id), err);
    }
    ctx.progress({ done: i + 1 });
  }
}

export const dueNightlyJob: JobDefinition = {
  name: 'due-nightly',
  cron: '30 3 * * *',
  timezone: 'Asia/Shanghai',
  description:
    'Recompute the due events (maintenance, insurance, inspection, warranty, 三包) of every vehicle',
  run: runNightlyDue
};
