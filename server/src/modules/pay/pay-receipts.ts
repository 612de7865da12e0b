import { Types } from 'mongoose';
import { clock } from '../../lib/clock';
import { GroupCommit, type ItemOutcome } from '../../lib/group-commit';
import { fulfilmentQueue } from './pay-fulfilment-queue';
import {
  PayReceiptBatch,
  encodeReceipt,
  receiptIdOf,
  type PayReceiptBatchRecord,
  type PayReceiptRecord
} from './pay-receipt.model';
import type { WechatTransaction } from './wechatpay-client';

/**
 * Storing verified notifications durably before WeChat is answered. The receipts of concurrent
 * notifications are written together (group commit) as ONE document — one `insertOne`, stored
 * whole or not at all — and each caller is answered when it is acknowledged (a failed write
 * fails every caller of the batch: 503, nothing stored). Copies of one payment are answered
 * without writing when they meet in a batch, when a batch in flight holds the payment, or when
 * this process stored it recently; a copy that reaches another batch (another instance, after a
 * restart) is simply stored again: applying is once-only. Stored batches go to the fulfilment
 * worker at once.
 */

/**
 * Receipts per document and documents written at a time. A document of receipt texts costs
 * FerretDB about the same whether it holds 1 or 50 (~1 ms here), so under a burst the batches
 * simply form from whoever arrived while the last write was under way. Measured with the pay
 * bench at 50 concurrent notifications on a quiet machine (7 rounds each, docs/benchmarks.md):
 * 50 / 1 ahead of 50 / 2 — once the receipts are texts the answers are bound by this process's
 * CPU, and fewer writes cost it less.
 */
const BATCH = 50;
const IN_FLIGHT = 1;
/** Payment ids this process saw stored (WeChat's retries mostly come back within minutes). */
const REMEMBERED = 20_000;

const STORED: ItemOutcome = { ok: true };

export class ReceiptNotStoredError extends Error {
  constructor(readonly writeError: unknown) {
    super('payment notification receipt not stored');
  }
}

/** The driver's collection (the document is built here; mongoose's per-document work is not needed). */
const batches: { insertOne(doc: object): Promise<unknown> } = PayReceiptBatch.collection;

/** Ids known to be stored, the oldest forgotten first. */
const knownStored = new Set<string>();
function remember(ids: Iterable<string>): void {
  for (const id of ids) knownStored.add(id);
  for (const id of knownStored) {
    if (knownStored.size <= REMEMBERED) break;
    knownStored.delete(id);
  }
}

/** Payments in a write not acknowledged yet: a copy arriving meanwhile waits for that write. */
const beingWritten = new Map<string, Promise<void>>();

function receiptOf(event: string, trade: WechatTransaction): PayReceiptRecord {
  const transactionId = trade.transaction_id ?? null;
  return {
    id: receiptIdOf(event, trade.out_trade_no, transactionId),
    outTradeNo: trade.out_trade_no,
    transactionId,
    amountFen: trade.amount?.total ?? 0,
    successTime: trade.success_time ?? null
  };
}

/** Writes the batch's new receipts as one document; throws when it is not stored. */
async function insertBatch(fresh: PayReceiptRecord[]): Promise<void> {
  const doc: PayReceiptBatchRecord = {
    _id: new Types.ObjectId(),
    receivedAt: clock.now(),
    applied: false,
    receipts: fresh
  };
  await fulfilmentQueue.receiptWrite(() => batches.insertOne({ ...doc, receipts: fresh.map(encodeReceipt) }));
  remember(fresh.map((r) => r.id));
  fulfilmentQueue.add([doc]);
}

/** The error of `write`, or null once it succeeded. */
const failureOf = (write: Promise<void>): Promise<unknown> =>
  write.then(
    () => null,
    (err: unknown) => err ?? new Error('receipt write failed')
  );

async function storeBatch(batch: PayReceiptRecord[]): Promise<ItemOutcome[]> {
  const fresh = new Map<string, PayReceiptRecord>();
  const writes = new Map<string, Promise<void>>(); // the write each copy waits for
  for (const r of batch) {
    const inFlight = beingWritten.get(r.id);
    if (inFlight) writes.set(r.id, inFlight);
    else if (!knownStored.has(r.id) && !fresh.has(r.id)) fresh.set(r.id, r);
  }
  if (fresh.size > 0) {
    const written = insertBatch([...fresh.values()]);
    for (const id of fresh.keys()) {
      writes.set(id, written);
      beingWritten.set(id, written);
    }
  }
  const failures = new Map<string, unknown>();
  try {
    // Every write observed at once (a rejection is never left unhandled while another is awaited).
    const outcomes = await Promise.all([...writes.values()].map(failureOf));
    [...writes.keys()].forEach((id, i) => failures.set(id, outcomes[i]));
  } finally {
    for (const id of fresh.keys()) beingWritten.delete(id);
  }
  return batch.map((r) => {
    const error = failures.get(r.id);
    return error ? { ok: false, error: new ReceiptNotStoredError(error) } : STORED;
  });
}

const receiptWriter = new GroupCommit<PayReceiptRecord>(storeBatch, BATCH, IN_FLIGHT);

/**
 * Stores the receipt of a verified payment; resolves once the database acknowledged it (or holds
 * it already), rejects when it is not stored — the caller must then not answer 204.
 */
export async function storeReceipt(event: string, trade: WechatTransaction): Promise<void> {
  await receiptWriter.write(receiptOf(event, trade));
}
