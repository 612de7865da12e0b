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
const receiptSchema = new Schema(
  {
    /** `<event>:<out_trade_no>:<transaction_id>`: the payment, whichever copy brought it. */
    id: { type: String, required: true },
    outTradeNo: { type: String, required: true },
    transactionId: { type: String, default: null },
    amountFen: { type: Number, required: true },
    /** WeChat's `success_time` as sent (the order's `paidAt`). */
    successTime: { type: String, default: null }
  },
  { _id: false }
);

const payReceiptBatchSchema = new Schema(
  {
    receivedAt: { type: Date, required: true },
    applied: { type: Boolean, required: true },
    /** Set when the worker (or the job) applied every receipt of the batch. */
    appliedAt: { type: Date },
    receipts: { type: [receiptSchema], required: true }
  },
  { versionKey: false, collection: 'pay_receipts' }
);
// The pay-receipts job: batches not applied yet, oldest first.
payReceiptBatchSchema.index({ applied: 1, receivedAt: 1 });

/** One payment's receipt (an element of a batch). */
export type PayReceiptRecord = InferSchemaType<typeof receiptSchema>;
export type PayReceiptBatchRecord = Omit<InferSchemaType<typeof payReceiptBatchSchema>, 'receipts'> & {
  _id: Types.ObjectId;
  receipts: PayReceiptRecord[];
};
export const PayReceiptBatch = mongoose.model('PayReceiptBatch', payReceiptBatchSchema);

export const receiptIdOf = (event: string, outTradeNo: string, transactionId: string | null) =>
  `${event}:${outTradeNo}:${transactionId ?? ''}`;
