import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { TIER_HISTORY_CAUSES, TIER_RUN_STATUSES, TIER_RUN_TRIGGERS, TIERS } from '@dealer/shared';

/**
 * One recompute of a dealership's tiers. `_id` is the claim: `tiers:<dealershipId>:<asOf>`
 * for the day's first run (the nightly one), `…:<asOf>:<seq>` for reruns by hand. The insert
 * is atomic on MongoDB and FerretDB alike, so two instances never both run the same slot.
 */
const tierRunSchema = new Schema(
  {
    _id: { type: String, required: true },
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    asOf: { type: String, required: true },
    seq: { type: Number, required: true },
    trigger: { type: String, enum: TIER_RUN_TRIGGERS, required: true },
    status: { type: String, enum: TIER_RUN_STATUSES, required: true },
    startedAt: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
    durationMs: { type: Number, default: null },
    customers: { type: Number, default: 0 },
    serviceRecords: { type: Number, default: 0 },
    changed: { type: Number, default: 0 },
    historyEntries: { type: Number, default: 0 },
    counts: { type: Schema.Types.Mixed, default: () => ({ A: 0, B: 0, C: 0, D: 0 }) },
    /** movementOfRun(): the tier in force before → after, A–D plus 'none'. */
    movement: { type: Schema.Types.Mixed, default: null },
    classesChanged: { type: Number, default: null },
    /** Milliseconds per phase (read, assign, reasons, history, customers): where a run's time goes. */
    phases: { type: Schema.Types.Mixed, default: null },
    error: { type: String, default: null },
    startedBy: { type: String, default: null }
  },
  { versionKey: false, collection: 'tier_runs', minimize: false }
);
// The summary, the next run's seq, and "is a run going on?": a dealership's runs, newest first.
tierRunSchema.index({ dealershipId: 1, startedAt: -1 });

export type TierRunDoc = InferSchemaType<typeof tierRunSchema>;
export const TierRun = mongoose.model('TierRun', tierRunSchema);

/**
 * Tier history (异动): one entry per change of the tier in force — by a run (only customers
 * whose tier changed), or by a manager setting or lifting an override. The KPI module reads
 * `{dealershipId, customerId, date, fromTier, toTier}` straight from this collection.
 */
const tierHistorySchema = new Schema(
  {
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    /** Asia/Shanghai day: the run's asOf, or the day of the override. */
    date: { type: String, required: true },
    fromTier: { type: String, enum: [...TIERS, null], default: null },
    toTier: { type: String, enum: [...TIERS, null], default: null },
    score: { type: Number, default: null },
    cause: { type: String, enum: TIER_HISTORY_CAUSES, required: true },
    runId: { type: String, default: null },
    note: { type: String, default: null },
    by: { type: String, default: null },
    byName: { type: String, default: null },
    at: { type: Date, required: true }
  },
  { versionKey: false, collection: 'tier_history' }
);
// A customer's history in the archive, newest first.
tierHistorySchema.index({ customerId: 1, date: -1, at: -1 });
// KPI movement counts: a dealership's entries.
tierHistorySchema.index({ dealershipId: 1, date: 1 });

export type TierHistoryDoc = InferSchemaType<typeof tierHistorySchema>;
export const TierHistory = mongoose.model('TierHistory', tierHistorySchema);

/**
 * The engine's reasons of one run, in 256 buckets by the customer id's last byte:
 * `_id` = `<runId>|<bucket>`, `reasons` = {customerId: StoredReason}. On FerretDB an insert
 * costs about a tenth of an update, so a run writes ~256 documents instead of rewriting a
 * reason on every customer; the archive reads one bucket; old runs' buckets are deleted.
 */
const tierReasonBucketSchema = new Schema(
  {
    _id: { type: String, required: true },
    runId: { type: String, required: true },
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    reasons: { type: Schema.Types.Mixed, required: true }
  },
  { versionKey: false, collection: 'tier_reasons', minimize: false }
);
// Deleting a finished-with run's buckets.
tierReasonBucketSchema.index({ runId: 1 });

export const TierReasonBucket = mongoose.model('TierReasonBucket', tierReasonBucketSchema);
