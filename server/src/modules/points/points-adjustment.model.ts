import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { ADJUSTMENT_STATUSES } from '@dealer/shared';

const staffRefSchema = new Schema(
  { id: { type: Schema.Types.ObjectId, required: true }, name: { type: String, required: true } },
  { _id: false }
);

/** A manual points adjustment with its reason; above the threshold it waits for a second approver. */
const pointsAdjustmentSchema = new Schema(
  {
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    /** The archive's name when asked (the approver sees whom it is for); '' in older records. */
    customerName: { type: String, default: '' },
    /** Signed: a credit or a debit. */
    points: { type: Number, required: true },
    reason: { type: String, required: true },
    status: { type: String, enum: ADJUSTMENT_STATUSES, required: true },
    requestedBy: { type: staffRefSchema, required: true },
    decidedBy: { type: staffRefSchema, default: null },
    requestedAt: { type: Date, required: true },
    decidedAt: { type: Date, default: null }
  },
  { versionKey: false, collection: 'points_adjustments' }
);
// A dealership's adjustments by status (the approval queue), newest first.
pointsAdjustmentSchema.index({ dealershipId: 1, status: 1, requestedAt: -1 });

export type PointsAdjustmentDoc = InferSchemaType<typeof pointsAdjustmentSchema>;
export const PointsAdjustment = mongoose.model('PointsAdjustment', pointsAdjustmentSchema);

/** The decision on a pending adjustment, once: `_id` = the adjustment's id. */
const adjustmentDecisionSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    decision: { type: String, enum: ['approve', 'reject'], required: true },
    staffId: { type: Schema.Types.ObjectId, required: true },
    at: { type: Date, required: true }
  },
  { versionKey: false, collection: 'points_adjustment_decisions' }
);
export const AdjustmentDecision = mongoose.model('AdjustmentDecision', adjustmentDecisionSchema);
