import type { AppDeps } from '../../deps';
import { clock } from '../../lib/clock';
import type { JobContext, JobDefinition } from '../../lib/jobs/define';
import { closeExpiredOrders, reconcileOrders, repairOrders } from './pay-reconcile';
import { fulfilmentQueue } from './pay-fulfilment-queue';
import { applyLeftReceipts } from './pay-receipt-worker';
import { payRuntime } from './pay-runtime';

/**
 * A receipt still unapplied this long after it was stored was left by a crash (or a failed
 * step): the in-process worker applies a fresh one within a second or two.
 */
const LEFT_RECEIPT_AGE_MS = 30_000;

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

async function runReceipts(ctx: JobContext): Promise<void> {
  countAll(ctx, await applyLeftReceipts(clock.now().getTime() - LEFT_RECEIPT_AGE_MS, ctx.logger));
}

export const payJobs: JobDefinition[] = [
  {
    name: 'pay-receipts',
    cron: '* * * * *',
    timezone: 'Asia/Shanghai',
    description: 'WeChat Pay: apply payment receipts stored (and answered) but left unapplied by a crash',
    run: runReceipts
  },
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

/**
 * The fulfilment worker beside the HTTP server (whatever JOBS_ENABLED says): at start it applies
 * every receipt a stopped process left unapplied; on stop it lets the receipts in hand finish.
 */
export function startPayFulfilment(deps: AppDeps): { stop(): Promise<void> } {
  fulfilmentQueue.useLogger(deps.logger);
  const atStart = applyLeftReceipts(clock.now().getTime(), deps.logger).catch((err: unknown) =>
    deps.logger.error(
      { err },
      'pay receipts left by a stopped process not applied; the pay-receipts job retries'
    )
  );
  return {
    async stop() {
      await atStart;
      await fulfilmentQueue.idle();
    }
  };
}
