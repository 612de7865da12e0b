import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import {
  COMPLAINT_ACTIONS,
  COMPLAINT_CATEGORIES,
  COMPLAINT_SOURCES,
  COMPLAINT_STATUSES,
  TIERS
} from '@dealer/shared';

/** A complaint; its state changes are versioned events (complaint_events), one per version. */
const complaintSchema = new Schema(
  {
    /** Once-only opening: `callback:<id>`, `survey:<id>`, `owner:<request id>`. */
    key: { type: String, required: true },
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    customerName: { type: String, required: true },
    mobile: { type: String, default: null },
    /** The owner who may follow it in the mini-program (the archive's bound owner). */
    ownerId: { type: Schema.Types.ObjectId, default: null },
    tier: { type: String, enum: [...TIERS, null], default: null },
    /** The customer's advisor (they see it); the assignee works it. */
    advisorId: { type: Schema.Types.ObjectId, default: null },
    assigneeId: { type: Schema.Types.ObjectId, default: null },
    source: { type: String, enum: COMPLAINT_SOURCES, required: true },
    visitKey: { type: String, default: null },
    category: { type: String, enum: COMPLAINT_CATEGORIES, required: true },
    text: { type: String, required: true },
    reply: { type: String, default: '' },
    status: { type: String, enum: COMPLAINT_STATUSES, required: true },
    version: { type: Number, required: true },
    ackDueAt: { type: Date, required: true },
    resolveDueAt: { type: Date, required: true },
    ackEscalated: { type: Boolean, required: true },
    resolveEscalated: { type: Boolean, required: true },
    acknowledgedAt: { type: Date, default: null },
    resolvedAt: { type: Date, default: null },
    closedAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'aftercare_complaints' }
);
// Once-only opening from a call, a survey or an owner's request.
complaintSchema.index({ key: 1 }, { unique: true });
// The manager's list by status, newest first.
complaintSchema.index({ dealershipId: 1, status: 1, createdAt: -1 });
complaintSchema.index({ dealershipId: 1, createdAt: -1 });
// An advisor's: their customers' and those assigned to them.
complaintSchema.index({ advisorId: 1, createdAt: -1 });
complaintSchema.index({ assigneeId: 1, createdAt: -1 });
// A customer's page and an owner's list.
complaintSchema.index({ customerId: 1, createdAt: -1 });
// The escalation job: open complaints past a deadline, not escalated yet.
complaintSchema.index({ status: 1, ackEscalated: 1, ackDueAt: 1 });
complaintSchema.index({ status: 1, resolveEscalated: 1, resolveDueAt: 1 });

export type ComplaintDoc = InferSchemaType<typeof complaintSchema> & { _id: mongoose.Types.ObjectId };
export const Complaint = mongoose.model('AftercareComplaint', complaintSchema);

/**
 * The history, and the once-only guard of every change: `_id` = `<complaintId>:<version>`.
 * Two changes read from the same version race for the same id; one wins. The event carries
 * the whole write (`set`), so a change interrupted half-way is finished by the next caller.
 */
const complaintEventSchema = new Schema(
  {
    _id: { type: String, required: true },
    complaintId: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true },
    action: { type: String, enum: COMPLAINT_ACTIONS, required: true },
    /** `owner`, `staff:<id>`, `system`; byName for the history. */
    by: { type: String, required: true },
    byName: { type: String, default: '' },
    fromStatus: { type: String, enum: [...COMPLAINT_STATUSES, null], default: null },
    toStatus: { type: String, enum: COMPLAINT_STATUSES, required: true },
    note: { type: String, default: '' },
    /** Internal notes and assignments are not shown to the owner. */
    internal: { type: Boolean, required: true },
    set: { type: Schema.Types.Mixed, required: true },
    at: { type: Date, required: true }
  },
  { versionKey: false, collection: 'aftercare_complaint_events', minimize: false }
);
// A complaint's history in order.
complaintEventSchema.index({ complaintId: 1, version: 1 });
// KPI: first acknowledgements and resolutions of a period.
complaintEventSchema.index({ action: 1, at: 1 });

export type ComplaintEventDoc = InferSchemaType<typeof complaintEventSchema> & { _id: string };
export const ComplaintEvent = mongoose.model('AftercareComplaintEvent', complaintEventSchema);

/** A photo slot, `_id` = `<complaintId>-<n>` with n = 1..3: at most three photos, by unique insert. */
const complaintPhotoSchema = new Schema(
  {
    _id: { type: String, required: true },
    complaintId: { type: Schema.Types.ObjectId, required: true },
    mime: { type: String, required: true },
    bytes: { type: Number, required: true },
    /** File name under the photo directory (outside the web root). */
    file: { type: String, required: true },
    at: { type: Date, required: true }
  },
  { versionKey: false, collection: 'aftercare_complaint_photos' }
);
// A complaint's photos.
complaintPhotoSchema.index({ complaintId: 1 });

export const ComplaintPhoto = mongoose.model('AftercareComplaintPhoto', complaintPhotoSchema);
