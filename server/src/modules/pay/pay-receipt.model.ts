import mongoose, { Schema, type InferSchemaType, type Types } from 'mongoose';

/**
 * Verified payment notifications, stored before WeChat is answered (their durable receipts): one
 * document per group-commit batch — the receipts of the notifications answered together, written
 * with one `insertOne`, so a batch is stored whole or not at all. The fulfilment worker applies
 * its receipts right after it is stored; `applied` marks the document done once every receipt in
 * it was applied, and the `pay-receipts` job applies what a crash (or a failed step) left.
 * A payment may sit in two documents (a copy that reached another instance or came after a
 * restart): applying is once-only, so the second application changes nothing.
 */
const payReceiptBatchSchema = new Schema(
  {
    receivedAt: { type: Date, required: true },
    applied: { type: Boolean, required: true },
    /** Set when the worker (or the job) applied every receipt of the batch. */
    appliedAt: { type: Date },
    /**
     * Each receipt as one JSON text (`encodeReceipt`): FerretDB stores an array of strings in
     * about half the time of an array of subdocuments, and the answers of a burst wait on it.
     */
    receipts: { type: [String], required: true }
  },
  { versionKey: false, collection: 'pay_receipts' }
);
// The pay-receipts job: batches not applied yet, oldest first.
payReceiptBatchSchema.index({ applied: 1, receivedAt: 1 });

/** One payment's receipt (an element of a batch). */
export interface PayReceiptRecord {
  /** `<event>:<out_trade_no>:<transaction_id>`: the payment, whichever copy brought it. */
  id: string;
  outTradeNo: string;
  transactionId: string | null;
  amountFen: number;
  /** WeChat's `success_time` as sent (the order's `paidAt`). */
  successTime: string | null;
}
type StoredBatch = InferSchemaType<typeof payReceiptBatchSchema>;
/** A batch with its receipts decoded (as the worker applies it). */
export type PayReceiptBatchRecord = Omit<StoredBatch, 'receipts'> & {
  _id: Types.ObjectId;
  receipts: PayReceiptRecord[];
};
export const PayReceiptBatch = mongoose.model('PayReceiptBatch', payReceiptBatchSchema);

export const encodeReceipt = (r: PayReceiptRecord): string =>
  JSON.stringify([r.id, r.outTradeNo, r.transactionId, r.amountFen, r.successTime]);

function decodeReceipt(text: string): PayReceiptRecord {
  const [id, outTradeNo, transactionId, amountFen, successTime] = JSON.parse(text) as [
    string,
    string,
    string | null,
    number,
    string | null
  ];
  return { id, outTradeNo, transactionId, amountFen, successTime };
}

/** The stored document as a batch of receipts. */
export const decodeBatch = (
  doc: Omit<StoredBatch, 'receipts'> & { _id: Types.ObjectId; receipts: string[] }
) => ({
  ...doc,
  receipts: doc.receipts.map(decodeReceipt)
});

export const receiptIdOf = (event: string, outTradeNo: string, transactionId: string | null) =>
  `${event}:${outTradeNo}:${transactionId ?? ''}`;
