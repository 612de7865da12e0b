import { clock } from '../../lib/clock';
import type { Logger } from '../../lib/logger';
import { op } from '../../lib/query';
import { recordAnomaly } from './pay-anomaly';
import { RewardItem } from '../points/reward.model';
import { recordPayment, type ItemLoader } from './pay-fulfil';
import { PayOrder, type PayOrderRecord } from './pay-order.model';
import {
  decodeBatch,
  PayReceiptBatch,
  type PayReceiptBatchRecord,
  type PayReceiptRecord
} from './pay-receipt.model';
import type { WechatTransaction } from './wechatpay-client';

/**
 * The fulfilment worker: applies stored payment receipts with the order's idempotent steps —
 * the order checks (known, amount), `pending → paid`, the voucher, `paid → fulfilled` — then
 * marks applied the batch documents whose receipts were all applied (one `updateMany`). Every
 * step is once-only, so a receipt applied twice (the worker and the pay-receipts job of another
 * instance, a crash before the mark, a copy stored in two batches) changes nothing more.
 */

/** Receipts applied together (about): one read of their orders, one write of their marks. */
export const RECEIPT_BATCH = 100;
/** Receipts of one batch applied at the same time (each is a few dependent round trips). */
const PARALLEL = 8;

/** Receipts applied and failed; batch documents marked applied. */
export type ApplyCounts = { applied: number; failed: number; batches: number };

const tradeOf = (r: PayReceiptRecord): WechatTransaction => ({
  mchid: '',
  appid: '',
  out_trade_no: r.outTradeNo,
  trade_state: 'SUCCESS',
  amount: { total: r.amountFen },
  ...(r.transactionId ? { transaction_id: r.transactionId } : {}),
  ...(r.successTime ? { success_time: r.successTime } : {})
});

/** States in which a payment has nothing left to do. */
const SETTLED = new Set(['fulfilled', 'refunding', 'refunded', 'refund_failed']);

async function applyReceipt(
  receipt: PayReceiptRecord,
  order: PayOrderRecord | undefined,
  itemOf: ItemLoader
): Promise<void> {
  const trade = tradeOf(receipt);
  if (!order) return recordAnomaly('unknown_order', trade, null);
  if (receipt.amountFen !== order.amountFen) return recordAnomaly('amount_mismatch', trade, order);
  if (SETTLED.has(order.state)) return;
  await recordPayment(order, trade, 'notification', itemOf);
}

/** The items of a batch's orders, read once (orders of a burst mostly share a few items). */
function itemsOnce(): ItemLoader {
  const reads = new Map<string, ReturnType<ItemLoader>>();
  return (itemId) => {
    const key = String(itemId);
    let read = reads.get(key);
    if (!read) {
      read = RewardItem.findById(itemId).lean<NonNullable<Awaited<ReturnType<ItemLoader>>>>().exec(); // a promise, shared (a query runs once)
      reads.set(key, read);
    }
    return read;
  };
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

export interface ApplyOptions {
  logger?: Logger | undefined;
  /** Awaited before each receipt (the in-process worker gives way to WeChat's answers there). */
  pace?: () => Promise<void>;
}

/** Batch documents grouped so that each group holds about RECEIPT_BATCH receipts. */
function* groupsOf(docs: readonly PayReceiptBatchRecord[]): Generator<PayReceiptBatchRecord[]> {
  let group: PayReceiptBatchRecord[] = [];
  let size = 0;
  for (const doc of docs) {
    group.push(doc);
    size += doc.receipts.length;
    if (size >= RECEIPT_BATCH) {
      yield group;
      group = [];
      size = 0;
    }
  }
  if (group.length > 0) yield group;
}

/** Applies each distinct receipt of `docs` once; answers the ids of those that failed. */
async function applyGroup(docs: readonly PayReceiptBatchRecord[], { logger, pace }: ApplyOptions) {
  const distinct = new Map<string, PayReceiptRecord>();
  for (const doc of docs) for (const r of doc.receipts) if (!distinct.has(r.id)) distinct.set(r.id, r);
  const receipts = [...distinct.values()];
  const numbers = [...new Set(receipts.map((r) => r.outTradeNo))];
  const orders = new Map(
    (await PayOrder.find({ outTradeNo: op.in(numbers) }).lean()).map((o) => [o.outTradeNo, o] as const)
  );
  const itemOf = itemsOnce();
  const failed = new Set<string>();
  await eachLimited(receipts, PARALLEL, async (receipt) => {
    await pace?.();
    try {
      await applyReceipt(receipt, orders.get(receipt.outTradeNo), itemOf);
    } catch (err) {
      failed.add(receipt.id);
      logger?.error({ err, receipt: receipt.id }, 'pay receipt not applied; the pay-receipts job retries');
    }
  });
  return { applied: receipts.length - failed.size, failed };
}

/**
 * Applies the receipts of batch documents (any number) and marks applied the documents whose
 * receipts all were; a document with a failed receipt stays unapplied for the pay-receipts job.
 */
export async function applyReceipts(
  docs: readonly PayReceiptBatchRecord[],
  options: ApplyOptions = {}
): Promise<ApplyCounts> {
  const counts: ApplyCounts = { applied: 0, failed: 0, batches: 0 };
  for (const group of groupsOf(docs)) {
    const { applied, failed } = await applyGroup(group, options);
    const done = group.filter((doc) => doc.receipts.every((r) => !failed.has(r.id))).map((d) => d._id);
    if (done.length > 0)
      await PayReceiptBatch.updateMany(
        { _id: op.in(done) },
        { $set: { applied: true, appliedAt: clock.now() } }
      );
    counts.applied += applied;
    counts.failed += failed.size;
    counts.batches += done.length;
  }
  return counts;
}

/**
 * Batch documents stored and not applied (a crash between answering WeChat and applying),
 * oldest first, page after page while pages come back full and the last one marked something
 * applied (a receipt that keeps failing is left for the next run rather than retried in a loop).
 */
export async function applyLeftReceipts(storedBeforeMs: number, logger?: Logger): Promise<ApplyCounts> {
  const total: ApplyCounts = { applied: 0, failed: 0, batches: 0 };
  const page = 40;
  for (;;) {
    const left = await PayReceiptBatch.find({ applied: false, receivedAt: op.lt(new Date(storedBeforeMs)) })
      .sort({ receivedAt: 1 })
      .limit(page)
      .lean();
    const counts = await applyReceipts(left.map(decodeBatch), { logger });
    total.applied += counts.applied;
    total.failed += counts.failed;
    total.batches += counts.batches;
    if (left.length < page || counts.batches === 0) return total;
  }
}
