import type { JobContext, JobDefinition } from '../../lib/jobs/define';
import { closeExpiredOrders, reconcileOrders, repairOrders } from './pay-reconcile';
import { payRuntime } from './pay-runtime';

/** Counts a sweep's figures on the run. */
function countAll(ctx: JobContext, counts: Record<string, number>): void {
  for (const [key, n] of Object.entries(counts)) ctx.count(key, n);
}

async function runClose(ctx: JobContext): Promise<void> {
  countAll(ctx, await closeExpiredOrders(payRuntime(ctx.deps.config)));
}

async function runReconcile(ctx: JobContext): Promise<void> {
  countAll(ctx, await repairOrders());
  countAll(ctx, await reconcileOrders(payRuntime(ctx.deps.config)));
}

export const payJobs: JobDefinition[] = [
  {
    name: 'pay-close',
    cron: '* * * * *',
    timezone: 'Asia/Shanghai',
    description:
      'WeChat Pay: close unpaid orders past PAY_ORDER_TIMEOUT_MIN, releasing stock and reserved points',
    run: runClose
  },
  {
    name: 'pay-reconcile',
    cron: '*/5 * * * *',
    timezone: 'Asia/Shanghai',
    description:
      'WeChat Pay: repair what a crash left half-done, query orders without a notification, settle open refunds',
    run: runReconcile
  }
];
