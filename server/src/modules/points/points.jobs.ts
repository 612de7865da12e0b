import { dealershipsForRun } from '../dealerships/job-dealerships';
import { Types } from 'mongoose';
import { clock } from '../../lib/clock';
import { birthdayKeysOn } from '../../lib/occasion-keys';
import type { JobContext, JobDefinition } from '../../lib/jobs/define';
import { creditBindingBonuses, creditBirthdayBonuses } from './points-earning.service';
import { expireLots } from './ledger-lane';
import { PointsAccount } from './points-ledger.model';
import { reconcileDealership } from './points-reconcile';
import { reportDrift } from './points-drift';
import { repairRedemptions } from './redemption-repair';
import { freeStrayClaims } from './claim-sweep';
import { creditSurveyAnswers } from './points-survey';
import type { PointsSources } from './points-sources';
import { op } from '../../lib/query';

const DAY_MS = 86_400_000;
/** Binding bonuses look back this far, so a missed run is caught up (credits are once-only). */
const BINDING_LOOKBACK_MS = 3 * DAY_MS;

async function dealershipsOf(ctx: JobContext): Promise<string[]> {
  return (await dealershipsForRun(ctx.options.dealership)).map((d) => String(d._id));
}

/** Expiry entries for every lot that expired before the run's day (once per lot). */
export async function expireDealership(dealershipId: string, today: string): Promise<number> {
  const due = await PointsAccount.find(
    { dealershipId: new Types.ObjectId(dealershipId), nextExpiry: op.lt(today) },
    { _id: 1 }
  ).lean();
  let expired = 0;
  for (const a of due) expired += await expireLots({ accountId: String(a._id), dealershipId }, today);
  return expired;
}

/** Nightly, per dealership: birthday bonuses, catch-up binding bonuses, expiry, then reconciliation. */
async function runDaily(ctx: JobContext): Promise<void> {
  const dealerships = await dealershipsOf(ctx);
  const dayStart = new Date(`${ctx.date}T00:00:00+08:00`);
  ctx.progress({ phase: 'dealerships', done: 0, total: dealerships.length });
  for (const [i, d] of dealerships.entries()) {
    try {
      ctx.count('birthdays', await creditBirthdayBonuses(d, ctx.date, birthdayKeysOn(ctx.date)));
      ctx.count(
        'bindings',
        await creditBindingBonuses(d, new Date(dayStart.getTime() - BINDING_LOOKBACK_MS))
      );
      ctx.count('expiredPoints', await expireDealership(d, ctx.date));
      const report = await reconcileDealership(d, ctx.date);
      ctx.count('drift', report.drift.length);
      if (report.drift.length > 0) {
        ctx.logger.warn({ dealershipId: d, drift: report.drift.length }, 'points ledger drift');
        await reportDrift(d, ctx.date, report.drift);
      }
    } catch (err) {
      ctx.itemFailed(d, err);
    }
    ctx.progress({ done: i + 1 });
  }
}

/**
 * Every ten minutes: binding bonuses of the last day, redemptions left without a voucher
 * (issued, or refunded), stock claims of purchases that stopped before their spend (freed),
 * and survey answers since the bookmark.
 */
async function runEarning(ctx: JobContext, sources: PointsSources): Promise<void> {
  const since = new Date(clock.now().getTime() - DAY_MS);
  const dealerships = await dealershipsOf(ctx);
  for (const d of dealerships) {
    try {
      ctx.count('bindings', await creditBindingBonuses(d, since));
      const repaired = await repairRedemptions(d);
      ctx.count('vouchersRepaired', repaired.issued);
      ctx.count('redemptionsRefunded', repaired.refunded);
    } catch (err) {
      ctx.itemFailed(d, err);
    }
  }
  ctx.count('strayClaimsFreed', await freeStrayClaims(sources, dealerships));
  ctx.count('surveys', await creditSurveyAnswers(sources));
}

export function pointsJobs(sources: PointsSources): JobDefinition[] {
  return [
    {
      name: 'points-daily',
      cron: '20 1 * * *',
      timezone: 'Asia/Shanghai',
      description: 'Points: birthday bonuses, expiry of lots, reconciliation of every account',
      run: runDaily
    },
    {
      name: 'points-earning',
      cron: '*/10 * * * *',
      timezone: 'Asia/Shanghai',
      description:
        'Points: binding bonuses, survey answers, repair of redemptions without a voucher, stray stock claims',
      run: (ctx) => runEarning(ctx, sources)
    }
  ];
}
