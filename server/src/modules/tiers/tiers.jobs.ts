import type { JobContext, JobDefinition } from '../../lib/jobs/define';
import { Dealership } from '../dealerships/dealership.model';
import { recomputeTiers } from './tier-run.service';

/**
 * Nightly: every dealership's tiers, then its other classes, for the day (Asia/Shanghai).
 * Each dealership's run is claimed on its own (`tiers:<dealershipId>:<asOf>`), so with two
 * instances, or a rerun of the job, each dealership is computed once a day; one failing
 * dealership does not stop the others.
 */
export async function runNightlyTiers(ctx: JobContext): Promise<void> {
  const dealerships = await Dealership.find({}, { _id: 1 }).lean();
  ctx.progress({ phase: 'tiers', done: 0, total: dealerships.length });
  for (const [i, d] of dealerships.entries()) {
    try {
      const outcome = await recomputeTiers(
        d._id,
        ctx.date,
        { trigger: 'nightly', withClasses: true },
        ctx.logger
      );
      ctx.count(outcome.status === 'done' ? 'computed' : 'skipped');
    } catch (err) {
      ctx.itemFailed(String(d._id), err);
    }
    ctx.progress({ done: i + 1 });
  }
}

export const tiersNightlyJob: JobDefinition = {
  name: 'tiers-nightly',
  cron: '0 2 * * *',
  timezone: 'Asia/Shanghai',
  description: 'Recompute customer tiers and classes of every dealership',
  run: runNightlyTiers
};
