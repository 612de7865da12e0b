import mongoose, { Schema, type InferSchemaType, type Types } from 'mongoose';
import { PAY_ANOMALY_KINDS, PAY_CONFIRMATIONS, PAY_ORDER_STATES, REWARD_KINDS } from '@dealer/shared';

/** A WeChat Pay order of the rewards shop (cash, or points + cash). */
const lotSchema = new Schema(
  { lot: { type: String, required: true }, expiresOn: { type: String, default: null }, remaining: Number },
  { _id: false }
);

const payOrderSchema = new Schema(
  {
    /** Merchant order number sent to WeChat: 'P' + the order id (25 characters ≤ 32). */
    outTradeNo: { type: String, required: true },
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    itemId: { type: Schema.Types.ObjectId, required: true },
    itemName: { type: String, required: true },
    itemKind: { type: String, enum: REWARD_KINDS, required: true },
    /** The owner's archive at the dealership (its points account). */
    customerId: { type: Schema.Types.ObjectId, required: true },
    ownerId: { type: Schema.Types.ObjectId, required: true },
    openid: { type: String, required: true },
    amountFen: { type: Number, required: true },
    points: { type: Number, required: true },
    /** The lots the reserved points came from (given back with their own expiry). */
    consumed: { type: [lotSchema], default: [] },
    /** The stock unit and the owner's slot (reward_claims), held by this order's id. */
    claims: { type: [String], default: [] },
    state: { type: String, enum: PAY_ORDER_STATES, required: true },
    paidVia: { type: String, enum: PAY_CONFIRMATIONS, default: null },
    prepayId: { type: String, default: null },
    transactionId: { type: String, default: null },
    voucherId: { type: Schema.Types.ObjectId, default: null },
    voucherCode: { type: String, default: null },
    refundRequest: { type: new Schema({ reason: String, at: Date }, { _id: false }), default: null },
    closeReason: { type: String, enum: ['timeout', 'prepay_failed', 'cancelled', null], default: null },
    outRefundNo: { type: String, default: null },
    refundedBy: {
      type: new Schema({ id: Schema.Types.ObjectId, name: String }, { _id: false }),
      default: null
    },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    paidAt: { type: Date, default: null },
    closedAt: { type: Date, default: null },
    refundedAt: { type: Date, default: null }
  },
  { versionKey: false, collection: 'pay_orders' }
);
// Notifications and queries name the order by its merchant number.
payOrderSchema.index({ outTradeNo: 1 }, { unique: true });
// The owner's orders, newest first.
payOrderSchema.index({ ownerId: 1, createdAt: -1 });
// The manager's list per dealership (optionally by state), newest first.
payOrderSchema.index({ dealershipId: 1, state: 1, createdAt: -1 });
// Jobs: pending orders past their expiry; paid / refunding orders left behind by a crash.
payOrderSchema.index({ state: 1, expiresAt: 1 });
// Refund notifications name the refund by its merchant number.
payOrderSchema.index({ outRefundNo: 1 });

export type PayOrderDoc = InferSchemaType<typeof payOrderSchema>;
export type PayOrderRecord = PayOrderDoc & { _id: Types.ObjectId };
export const PayOrder = mongoose.model('PayOrder', payOrderSchema);

/**
 * Every state change of an order, claimed by unique insert: `_id` = `<orderId>:<state left>`.
 * A state is left once, whoever races (20 copies of one notification, the close job and a late
 * payment): the one insert that wins names the next state, the losers read it. The order's
 * `state` is then set conditionally; a crash between the two is finished by the repair sweep
 * (`set` holds the fields the change writes).
 */
const payTransitionSchema = new Schema(
  {
    _id: { type: String, required: true },
    orderId: { type: Schema.Types.ObjectId, required: true },
    from: { type: String, enum: PAY_ORDER_STATES, required: true },
    to: { type: String, enum: PAY_ORDER_STATES, required: true },
    set: { type: Schema.Types.Mixed, default: {} },
    at: { type: Date, required: true }
  },
  { versionKey: false, collection: 'pay_transitions', minimize: false }
);
// The transitions of an order (its history; the repair sweep).
payTransitionSchema.index({ orderId: 1 });
// The repair sweep: recent transitions whose order may not show them yet.
payTransitionSchema.index({ at: 1 });

export const PayTransition = mongoose.model('PayTransition', payTransitionSchema);

/**
 * What reconciliation reports: a notification for an order we do not know, an amount that does
 * not match, a payment after the order closed, an order found paid without a notification.
 * `_id` = `<kind>:<outTradeNo>:<transaction or amount>`, so WeChat's retries add nothing.
 */
const payAnomalySchema = new Schema(
  {
    _id: { type: String, required: true },
    kind: { type: String, enum: PAY_ANOMALY_KINDS, required: true },
    outTradeNo: { type: String, required: true },
    orderId: { type: Schema.Types.ObjectId, default: null },
    dealershipId: { type: Schema.Types.ObjectId, default: null },
    amountFen: { type: Number, default: null },
    expectedFen: { type: Number, default: null },
    transactionId: { type: String, default: null },
    at: { type: Date, required: true }
  },
  { versionKey: false, collection: 'pay_anomalies' }
);
// The reconciliation view, newest first (per dealership, or all for a group admin).
payAnomalySchema.index({ dealershipId: 1, at: -1 });
payAnomalySchema.index({ at: -1 });

export const PayAnomaly = mongoose.model('PayAnomaly', payAnomalySchema);

/** The last reconciliation run's figures (one document, `_id` 'last'). */
const payReconcileRunSchema = new Schema(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    queried: { type: Number, required: true },
    fulfilled: { type: Number, required: true },
    closed: { type: Number, required: true }
  },
  { versionKey: false, collection: 'pay_reconcile_runs' }
);
export const PayReconcileRun = mongoose.model('PayReconcileRun', payReconcileRunSchema);
