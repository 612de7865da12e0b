import { dealershipsForRun } from '../../dealerships/job-dealerships';
import { Types } from 'mongoose';
import { clock } from '../../../lib/clock';
import type { JobContext } from '../../../lib/jobs/define';
import { instanceLeaseMs, liveInstances } from '../../../lib/jobs/instance';
import { JobRun } from '../../../lib/jobs/job-run.model';
import { sleep } from '../../../lib/jobs/pace';
import { op } from '../../../lib/query';
import { backfillBirthdayKeys } from '../../customers/customer-occasion-keys';
import { backfillAnniversaryKeys } from '../../vehicles/vehicle-occasion-keys';
import { OpenDispatch } from '../care-dispatch.model';
import { CareRule } from '../care-rule.model';
import { ensureCareSetup } from '../rules/care-settings.service';
import { deliver, isDue } from './deliver';
import { countAudience } from './audience';
import { occasionOn } from './occasions';
import { BATCH_SIZE, type CareEnv, type CareRule as Rule, type Dealer } from './dispatch';
import { planRule, unfinishedOf } from './plan';
import { CareSender } from './sender';
import type { CareSources } from '../care-sources';

/** The WeChat sender of a job run, paced and retried as the settings say. */
export function senderFor(ctx: Pick<JobContext, 'deps' | 'logger' | 'count'>): CareSender {
  const { config } = ctx.deps;
  return new CareSender({
    wechat: ctx.deps.wechat,
    logger: ctx.logger,
    ratePerSecond: config.CARE_SEND_RATE,
    maxAttempts: config.CARE_SEND_MAX_ATTEMPTS,
    retryBaseMs: config.CARE_RETRY_BASE_MS,
    count: (key, n) => ctx.count(key, n)
  });
}

/** `--dealership CODE` (or id) narrows a run to one dealership. */
const dealershipsOf = (ctx: Pick<JobContext, 'options'>): Promise<Dealer[]> =>
  dealershipsForRun(ctx.options.dealership);

/**
 * Archives written around mongoose (raw imports, older data) may lack the occasion keys;
 * their modules derive them once per dealership per day before the audience is looked up.
 */
const backfilled = new Map<string, string>();
export async function backfillOccasionKeys(dealershipId: Types.ObjectId, date: string): Promise<number> {
  if (backfilled.get(String(dealershipId)) === date) return 0;
  const fixed =
    (await backfillBirthdayKeys(dealershipId, BATCH_SIZE)) +
    (await backfillAnniversaryKeys(dealershipId, BATCH_SIZE));
  backfilled.set(String(dealershipId), date);
  return fixed;
}

/**
 * Unfinished due dispatches of the day left by an earlier or concurrent run: delivered
 * again (what is done is skipped, what a stopped instance held is taken over). Another
 * live instance's sends are left to it; a silent one is waited for until its lease ends.
 */
async function settle(dealers: Dealer[], env: CareEnv): Promise<void> {
  const deadline = Date.now() + instanceLeaseMs() + 3_000;
  const filter = { dealershipId: op.in(dealers.map((d) => d._id)), runDate: env.date };
  for (;;) {
    await env.sender.drain();
    const due = (await OpenDispatch.find(filter).lean()).filter((o) => isDue(o, env.now));
    if (due.length === 0) return;
    for (let i = 0; i < due.length; i += BATCH_SIZE)
      await deliver(await unfinishedOf(due.slice(i, i + BATCH_SIZE).map((o) => String(o._id))), env);
    await env.sender.drain();
    if (Date.now() > deadline) {
      env.logger.info(
        { open: due.length },
        'dispatches still held by another live instance; leaving them to it'
      );
      return;
    }
    await sleep(1_000);
  }
}

/** How many customers the day's rules reach, roughly (for a progress bar). */
export async function estimateCareDay(
  date: string,
  dealership: string | undefined,
  sources: CareSources
): Promise<number> {
  const ctxLike = { options: dealership ? { dealership } : {} } as Pick<JobContext, 'options'>;
  let total = 0;
  for (const dealer of await dealershipsOf(ctxLike)) {
    await ensureCareSetup(dealer._id);
    await backfillOccasionKeys(dealer._id, date);
    for (const rule of await CareRule.find({ dealershipId: dealer._id, enabled: true, deleted: false }).lean<
      Rule[]
    >()) {
      const plan = await occasionOn(rule, date, dealer._id, sources);
      if (plan) total += await countAudience(rule, dealer._id, plan);
    }
  }
  return total;
}

/** The daily care job for one day: every enabled rule of every (or one) dealership. */
export async function runCareDay(ctx: JobContext, sources: CareSources): Promise<void> {
  const sender = senderFor(ctx);
  let done = 0;
  const env: CareEnv = {
    date: ctx.date,
    now: clock.now(),
    runId: ctx.runId,
    sender,
    sources,
    logger: ctx.logger,
    count: (key, n) => ctx.count(key, n),
    advance: (n) => ctx.progress({ done: (done += n) })
  };
  const dealers = await dealershipsOf(ctx);
  const plans: Array<{ dealer: Dealer; rules: Rule[] }> = [];
  for (const dealer of dealers) {
    await ensureCareSetup(dealer._id);
    const fixed = await backfillOccasionKeys(dealer._id, ctx.date);
    if (fixed) ctx.count('keysBackfilled', fixed);
    plans.push({
      dealer,
      rules: await CareRule.find({ dealershipId: dealer._id, enabled: true, deleted: false }).lean<Rule[]>()
    });
  }
  ctx.progress({ phase: 'plan', done: 0, total: ctx.options.total ? Number(ctx.options.total) : null });
  for (const { dealer, rules } of plans) {
    for (const rule of rules) {
      try {
        await planRule(rule, dealer, env);
      } catch (err) {
        ctx.itemFailed(`rule ${String(rule._id)} (${rule.name})`, err);
      }
    }
  }
  ctx.progress({ phase: 'settle' });
  await settle(dealers, env);
}

/**
 * The sender loop (each minute): due dispatches that were scheduled for later (quiet
 * hours) or left by a stopped instance. One loop at a time shares WeChat's rate limit.
 */
export async function sendDueDispatches(ctx: JobContext): Promise<void> {
  const others = (await JobRun.find({ name: ctx.name, status: 'running' }, { instanceId: 1 }).lean()).filter(
    (r) => r._id !== ctx.runId
  );
  const live = await liveInstances(others.map((r) => r.instanceId));
  if (others.some((r) => live.has(r.instanceId))) {
    ctx.count('skippedBusy');
    return;
  }
  const sender = senderFor(ctx);
  const env = { now: clock.now(), sender, count: (key: string, n?: number) => ctx.count(key, n) };
  const cursor = OpenDispatch.find({}).lean().cursor({ batchSize: BATCH_SIZE });
  let batch: string[] = [];
  let done = 0;
  const flush = async () => {
    await deliver(await unfinishedOf(batch), env);
    ctx.progress({ done: (done += batch.length) });
    batch = [];
  };
  for await (const open of cursor) {
    if (!isDue(open as { sendAt: Date }, env.now)) continue;
    batch.push(String(open._id));
    if (batch.length >= BATCH_SIZE) await flush();
  }
  if (batch.length) await flush();
  await sender.drain();
}
