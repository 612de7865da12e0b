import { clock } from '../../lib/clock';
import { isDuplicateKeyError } from '../../lib/errors';
import { GroupCommit, type ItemOutcome } from '../../lib/group-commit';
import { writeErrorsOf } from '../../lib/jobs/unique-insert';
import { op } from '../../lib/query';
import { fulfilmentQueue } from './pay-fulfilment-queue';
import { PayReceipt, receiptIdOf, type PayReceiptRecord } from './pay-receipt.model';
import type { WechatTransaction } from './wechatpay-client';

/**
 * Storing verified notifications durably before WeChat is answered. Receipts of concurrent
 * notifications go to the database together (group commit: one `insertMany`, `ordered: false`);
 * each caller learns its own outcome. A copy of a receipt counts
 * as stored when the database acknowledged it: copies in one batch share the one insert, a copy
 * of a receipt this process stored recently is answered from memory, and a collision on `_id`
 * (a copy stored by another instance or before a restart) is confirmed by reading it back — so a
 * duplicate-key error on anything else is a failure. Receipts new to the database go to the
 * fulfilment worker at once.
 */

/**
 * At most 25 receipts a write and one write at a time: under a burst of 50 concurrent
 * notifications half of the callers verify and decrypt (CPU) while the other half's receipts are
 * written, and FerretDB never has two receipt writes waiting on its write lock (measured: two in
 * flight were slower, one batch of 50 leaves the CPU idle during the write).
 */
const BATCH = 25;
const IN_FLIGHT = 1;
/** Receipt ids this process saw stored (WeChat's retries mostly come back within minutes). */
const REMEMBERED = 20_000;

const STORED: ItemOutcome = { ok: true };

export class ReceiptNotStoredError extends Error {
  constructor(readonly writeError: unknown) {
    super('payment notification receipt not stored');
  }
}

/** The driver's collection (documents built here; mongoose's per-document work is not needed). */
const receipts: { insertMany(docs: object[], options: { ordered: boolean }): Promise<unknown> } =
  PayReceipt.collection;

/** Ids known to be stored, the oldest forgotten first. */
const knownStored = new Set<string>();
function remember(ids: Iterable<string>): void {
  for (const id of ids) knownStored.add(id);
  for (const id of knownStored) {
    if (knownStored.size <= REMEMBERED) break;
    knownStored.delete(id);
  }
}

function receiptOf(event: string, trade: WechatTransaction): PayReceiptRecord {
  const transactionId = trade.transaction_id ?? null;
  return {
    _id: receiptIdOf(event, trade.out_trade_no, transactionId),
    outTradeNo: trade.out_trade_no,
    transactionId,
    amountFen: trade.amount?.total ?? 0,
    successTime: trade.success_time ?? null,
    receivedAt: clock.now(),
    applied: false
  };
}

/** Which of `ids` the database holds (read back after duplicate-key errors). */
async function storedIds(ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const found = await PayReceipt.collection.find({ _id: op.in(ids) }, { projection: { _id: 1 } }).toArray();
  return new Set(found.map((r) => String(r._id)));
}

/** Inserts receipts (distinct ids); answers the error of each one not stored. */
async function insertFresh(fresh: PayReceiptRecord[]): Promise<Map<string, unknown>> {
  const failed = new Map<string, unknown>();
  if (fresh.length === 0) return failed;
  try {
    await fulfilmentQueue.receiptWrite(() =>
      receipts.insertMany(
        fresh.map((r) => ({ ...r })),
        { ordered: false }
      )
    );
  } catch (err) {
    const perItem = writeErrorsOf(err);
    if (perItem.length === 0) throw err; // the whole write failed: nobody is answered 204
    for (const w of perItem) failed.set(fresh[w.index]!._id, w);
  }
  fulfilmentQueue.add(fresh.filter((r) => !failed.has(r._id)));
  const collided = [...failed].filter(([, w]) => isDuplicateKeyError(w)).map(([id]) => id);
  for (const id of await storedIds(collided)) failed.delete(id);
  return failed;
}

async function storeBatch(batch: PayReceiptRecord[]): Promise<ItemOutcome[]> {
  const fresh = new Map<string, PayReceiptRecord>();
  for (const r of batch) if (!knownStored.has(r._id) && !fresh.has(r._id)) fresh.set(r._id, r);
  const failed = await insertFresh([...fresh.values()]);
  remember([...fresh.keys()].filter((id) => !failed.has(id)));
  return batch.map((r) =>
    failed.has(r._id) ? { ok: false, error: new ReceiptNotStoredError(failed.get(r._id)) } : STORED
  );
}

const receiptWriter = new GroupCommit<PayReceiptRecord>(storeBatch, BATCH, IN_FLIGHT);

/**
 * Stores the receipt of a verified payment; resolves once the database acknowledged it (or holds
 * it already), rejects when it is not stored — the caller must then not answer 204.
 */
export async function storeReceipt(event: string, trade: WechatTransaction): Promise<void> {
  await receiptWriter.write(receiptOf(event, trade));
}
