import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { DISPATCH_STATUSES } from '@dealer/shared';

/**
 * Care dispatches are written insert-only (FerretDB updates cost ~1.3 ms a document,
 * inserts and deletes ~0.1 ms; see docs in sender.ts):
 * - care_dispatches: one per rule, customer and occasion, `_id` =
 *   `<ruleId>:<customerId>:<occasionDate>` (a one-off message: its caller's key, see
 *   engine/one-message.ts), inserted BEFORE anything is delivered. The
 *   unique insert is what makes a rule reach a customer once per occasion, across
 *   reruns, crashes and concurrent instances. Never changed afterwards.
 * - care_open_dispatches: the ones still to deliver (with when), deleted when finished.
 * - care_dispatch_results: the final status, one per dispatch (unique `_id`): the first
 *   outcome written wins, so a dispatch is finished once.
 */
const dispatchSchema = new Schema(
  {
    _id: { type: String, required: true },
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    /** The rule that planned it; null for a one-off message (engine/one-message.ts). */
    ruleId: { type: Schema.Types.ObjectId, default: null },
    customerId: { type: Schema.Types.ObjectId, required: true },
    customerName: { type: String, required: true },
    ownerId: { type: Schema.Types.ObjectId, default: null },
    openid: { type: String, default: null },
    advisorId: { type: Schema.Types.ObjectId, default: null },
    occasion: { type: String, required: true },
    occasionDate: { type: String, required: true },
    /** The day the job planned it for (occasion date - lead days): the log's date. */
    runDate: { type: String, required: true },
    channel: { type: String, enum: ['subscribe', 'inbox', 'advisor_task'], required: true },
    templateId: { type: String, default: null },
    page: { type: String, default: null },
    /** Subscribe data, already fitted to the keyword limits (null: could not be fitted). */
    data: { type: Schema.Types.Mixed, default: null },
    dataError: { type: String, default: null },
    title: { type: String, required: true },
    body: { type: String, required: true },
    task: { type: String, default: null },
    /** A WeChat message is allowed (marketing consent, when the rule requires it). */
    consent: { type: Boolean, required: true },
    sendAt: { type: Date, required: true },
    runId: { type: String, required: true },
    createdAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'care_dispatches', minimize: false }
);
// The dispatch log: a dealership's dispatches for a day.
dispatchSchema.index({ dealershipId: 1, runDate: 1 });

export type DispatchDoc = InferSchemaType<typeof dispatchSchema>;
export const CareDispatch = mongoose.model('CareDispatch', dispatchSchema);

const openSchema = new Schema(
  {
    _id: { type: String, required: true },
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    runDate: { type: String, required: true },
    sendAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'care_open_dispatches' }
);
// A run settling its day; the log's pending view.
openSchema.index({ dealershipId: 1, runDate: 1 });

export const OpenDispatch = mongoose.model('CareOpenDispatch', openSchema);

const resultSchema = new Schema(
  {
    _id: { type: String, required: true },
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    runDate: { type: String, required: true },
    status: { type: String, enum: DISPATCH_STATUSES, required: true },
    reason: { type: String, default: null },
    errcode: { type: Number, default: null },
    errmsg: { type: String, default: null },
    attempts: { type: Number, default: 0 },
    msgid: { type: String, default: null },
    sentAt: { type: Date, default: null },
    at: { type: Date, required: true }
  },
  { versionKey: false, collection: 'care_dispatch_results' }
);
// The dispatch log by day and status.
resultSchema.index({ dealershipId: 1, runDate: 1, status: 1 });

export type ResultDoc = InferSchemaType<typeof resultSchema>;
export const DispatchResult = mongoose.model('CareDispatchResult', resultSchema);

/**
 * The right to make the WeChat call for a dispatch, `_id` = `<dispatchId>#<generation>`,
 * taken just before the call (this is the dispatch's "sending" mark). Generation 1 is the
 * first sender's; a later one only when the holder's instance stopped beating (a crash).
 * The unique insert means one live sender per dispatch.
 */
const sendClaimSchema = new Schema(
  {
    _id: { type: String, required: true },
    dispatchId: { type: String, required: true },
    generation: { type: Number, required: true },
    instanceId: { type: String, required: true },
    claimedAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'care_send_claims' }
);
// A dispatch's claims (who holds it, which generation is next).
sendClaimSchema.index({ dispatchId: 1 });

export const SendClaim = mongoose.model('CareSendClaim', sendClaimSchema);
