import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * A verified payment notification, stored before WeChat is answered (its durable receipt):
 * `_id` = `<event>:<out_trade_no>:<transaction_id>`, so every copy and retry of one payment
 * collides with the first on the unique `_id`. The fulfilment worker applies it right after it
 * is stored; `applied` marks it done, and the `pay-receipts` job applies what a crash left.
 */
const payReceiptSchema = new Schema(
  {
    /** `<event>:<out_trade_no>:<transaction_id>`; only successful payments are stored. */
    _id: { type: String, required: true },
    outTradeNo: { type: String, required: true },
    transactionId: { type: String, default: null },
    amountFen: { type: Number, required: true },
    /** WeChat's `success_time` as sent (the order's `paidAt`). */
    successTime: { type: String, default: null },
    receivedAt: { type: Date, required: true },
    applied: { type: Boolean, required: true },
    /** Set when the worker (or the job) applied it. */
    appliedAt: { type: Date }
  },
  { versionKey: false, collection: 'pay_receipts' }
);
// The pay-receipts job: receipts not applied yet, oldest first.
payReceiptSchema.index({ applied: 1, receivedAt: 1 });

export type PayReceiptRecord = InferSchemaType<typeof payReceiptSchema> & { _id: string };
export const PayReceipt = mongoose.model('PayReceipt', payReceiptSchema);

export const receiptIdOf = (event: string, outTradeNo: string, transactionId: string | null) =>
  `${event}:${outTradeNo}:${transactionId ?? ''}`;
