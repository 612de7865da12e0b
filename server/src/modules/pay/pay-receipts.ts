import { clock } from '../../lib/clock';
import { isDuplicateKeyError } from '../../lib/errors';
import { GroupCommit, type ItemOutcome } from '../../lib/group-commit';
import { writeErrorsOf, type WriteError } from '../../lib/jobs/unique-insert';
import { op } from '../../lib/query';
import { fulfilmentQueue } from './pay-receipt-worker';
import { PayReceipt, receiptIdOf, type PayReceiptRecord } from './pay-receipt.model';
import type { WechatTransaction } from './wechatpay-client';

/**
 * Storing verified notifications durably before WeChat is answered. Receipts of concurrent
 * notifications go to the database together (group commit: one `insertMany`, `ordered: false`);
 * each caller learns its own outcome. A copy of a stored receipt collides on its `_id` and counts
 * as stored — after the stored one is read back, so a collision on anything else is a failure.
 * Receipts new to the database are handed to the fulfilment worker at once.
 */

const STORED: ItemOutcome = { ok: true };

export class ReceiptNotStoredError extends Error {
  constructor(readonly writeError: unknown) {
    super('payment notification receipt not stored');
  }
}

/** The driver's collection (documents built here; mongoose's per-document work is not needed). */
const receipts: { insertMany(docs: object[], options: { ordered: boolean }): Promise<unknown> } =
  PayReceipt.collection;

function receiptOf(event: string, trade: WechatTransaction): PayReceiptRecord {
  const transactionId = trade.transaction_id ?? null;
  return {
    _id: receiptIdOf(event, trade.out_trade_no, transactionId),
    event,
    outTradeNo: trade.out_trade_no,
    transactionId,
    tradeState: trade.trade_state,
    amountFen: trade.amount?.total ?? 0,
    successTime: trade.success_time ?? null,
    receivedAt: clock.now(),
    applied: false,
    appliedAt: null
  };
}

/** Which of `ids` the database holds (read back after duplicate-key errors). */
async function storedIds(ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const found = await PayReceipt.collection.find({ _id: op.in(ids) }, { projection: { _id: 1 } }).toArray();
  return new Set(found.map((r) => String(r._id)));
}

async function storeBatch(batch: PayReceiptRecord[]): Promise<ItemOutcome[]> {
  const errors = new Map<number, WriteError>();
  try {
    await receipts.insertMany(
      batch.map((r) => ({ ...r })),
      { ordered: false }
    );
  } catch (err) {
    const perItem = writeErrorsOf(err);
    if (perItem.length === 0) throw err; // the whole write failed: nobody is answered 204
    for (const w of perItem) errors.set(w.index, w);
  }
  fulfilmentQueue.add(batch.filter((_, i) => !errors.has(i)));
  const collided = [...errors].filter(([, w]) => isDuplicateKeyError(w)).map(([i]) => batch[i]!._id);
  const present = await storedIds(collided);
  const outcomes = batch.map((r, i): ItemOutcome => {
    if (!errors.has(i) || present.has(r._id)) return STORED;
    return { ok: false, error: new ReceiptNotStoredError(errors.get(i)) };
  });
  return outcomes;
}

const receiptWriter = new GroupCommit<PayReceiptRecord>(storeBatch, 200);

/**
 * Stores the receipt of a verified payment; resolves once the database acknowledged it (or holds
 * it already), rejects when it is not stored — the caller must then not answer 204.
 */
export async function storeReceipt(event: string, trade: WechatTransaction): Promise<void> {
  await receiptWriter.write(receiptOf(event, trade));
}
