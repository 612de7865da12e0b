import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { CALLBACK_KINDS, CALLBACK_OUTCOMES, CALLBACK_STATUSES, TIERS } from '@dealer/shared';

/**
 * What a callback or a survey says about its visit (copied when generated). A survey copies
 * all of it; a callback only the key and the day (the desk reads the repair order and the
 * car live; callbacks made before copied them, kept as a fallback).
 */
export const visitSnapshotSchema = new Schema(
  {
    key: { type: String, required: true },
    date: { type: String, required: true },
    serviceType: { type: String, default: null },
    roNumber: { type: String, default: null },
    amountFen: { type: Number, default: null },
    advisorName: { type: String, default: null },
    items: { type: [String], default: [] },
    plate: { type: String, default: null },
    vehicleTitle: { type: String, default: '' }
  },
  { _id: false }
);

/**
 * A 7DC / 3DC callback. `_id` = `<kind>:<visitKey>` (`3dc:ro:<id>`, `7dc:delivery:<id>`):
 * generating it is a unique insert, so two scheduler instances or a rerun after a crash
 * make one callback per visit.
 */
const callbackSchema = new Schema(
  {
    _id: { type: String, required: true },
    kind: { type: String, enum: CALLBACK_KINDS, required: true },
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    /** The customer as callbacks made before copied them (now read live with the page; a fallback). */
    customerName: { type: String, default: null },
    mobile: { type: String, default: null },
    tier: { type: String, enum: [...TIERS, null], default: null },
    /** A=0 … D=3, untiered 4, at generation: the list puts key customers first. */
    tierRank: { type: Number, required: true },
    advisorId: { type: Schema.Types.ObjectId, default: null },
    vehicleId: { type: Schema.Types.ObjectId, default: null },
    visit: { type: visitSnapshotSchema, required: true },
    /** The day the call is due (visit + 7 or 3 days). */
    dueDate: { type: String, required: true },
    status: { type: String, enum: CALLBACK_STATUSES, required: true },
    /** The day of the next try (the due date, then later for an unreachable customer); null once closed. */
    nextAttemptDate: { type: String, default: null },
    attempts: { type: Number, required: true },
    /** Set by the first call (absent until then). */
    lastOutcome: { type: String, enum: [...CALLBACK_OUTCOMES, null], default: null },
    lastNote: { type: String, default: '' },
    complaintId: { type: Schema.Types.ObjectId, default: null },
    createdAt: { type: Date, required: true },
    /** Set by each call (absent until the first). */
    updatedAt: { type: Date, default: null }
  },
  { versionKey: false, collection: 'aftercare_callbacks' }
);
// The desk's list: a dealership's open (or closed) callbacks, key customers first, oldest due first.
callbackSchema.index({ dealershipId: 1, status: 1, tierRank: 1, nextAttemptDate: 1 });
// An advisor's list: their customers' callbacks.
callbackSchema.index({ advisorId: 1, status: 1, tierRank: 1, nextAttemptDate: 1 });

export type CallbackDoc = InferSchemaType<typeof callbackSchema> & { _id: string };
export const Callback = mongoose.model('AftercareCallback', callbackSchema);

/**
 * One call logged against a callback, `_id` = `<callbackId>#<attempt n>`: of two calls
 * logged from the same state only one takes attempt n (the other answers 409), and the
 * record carries the change (and the complaint to open) so an interrupted one is finished
 * by the next caller.
 */
const callbackAttemptSchema = new Schema(
  {
    _id: { type: String, required: true },
    callbackId: { type: String, required: true },
    attempt: { type: Number, required: true },
    outcome: { type: String, enum: CALLBACK_OUTCOMES, required: true },
    note: { type: String, default: '' },
    staffId: { type: Schema.Types.ObjectId, required: true },
    staffName: { type: String, default: '' },
    /**
     * With an issue raised: the complaint to open from the call (key `callback:<callbackId>`).
     * Kept with the claim so whoever finishes an interrupted call opens it, exactly once.
     */
    complaint: {
      type: new Schema({ category: String, text: String }, { _id: false }),
      default: null
    },
    /** The contact-log entry of this call (its id makes it once-only). */
    contactId: { type: Schema.Types.ObjectId, required: true },
    set: { type: Schema.Types.Mixed, required: true },
    at: { type: Date, required: true }
  },
  { versionKey: false, collection: 'aftercare_callback_attempts', minimize: false }
);
// A callback's calls, in order.
callbackAttemptSchema.index({ callbackId: 1, attempt: 1 });

export const CallbackAttempt = mongoose.model('AftercareCallbackAttempt', callbackAttemptSchema);
