import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { DISPATCH_STATUSES } from '@dealer/shared';

/**
 * One care message or task for one customer (the dispatch log). `_id` =
 * `<ruleId>:<customerId>:<occasionDate>` and is inserted BEFORE anything is delivered: the
 * unique insert is what makes a rule reach a customer once per occasion, across reruns,
 * crashes and concurrent instances.
 */
const dispatchSchema = new Schema(
  {
    _id: { type: String, required: true },
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    ruleId: { type: Schema.Types.ObjectId, required: true },
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
    /** Subscribe data, already fitted to the keyword limits. */
    data: { type: Schema.Types.Mixed, default: null },
    title: { type: String, required: true },
    body: { type: String, required: true },
    task: { type: String, default: null },
    consent: { type: Boolean, required: true },
    status: { type: String, enum: DISPATCH_STATUSES, required: true },
    reason: { type: String, default: null },
    errcode: { type: Number, default: null },
    errmsg: { type: String, default: null },
    attempts: { type: Number, default: 0 },
    sendAt: { type: Date, required: true },
    /** The send claim (care_send_claims) under which the WeChat call is made. */
    claimId: { type: String, default: null },
    grantId: { type: String, default: null },
    msgid: { type: String, default: null },
    sentAt: { type: Date, default: null },
    runId: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'care_dispatches', minimize: false }
);
// The dispatch log: a dealership's dispatches for a day (and status within it).
dispatchSchema.index({ dealershipId: 1, runDate: 1 });
// The sender: due `pending` dispatches; recovery: `sending` ones whose sender stopped.
dispatchSchema.index({ status: 1 });

export type DispatchDoc = InferSchemaType<typeof dispatchSchema>;
export const CareDispatch = mongoose.model('CareDispatch', dispatchSchema);

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
