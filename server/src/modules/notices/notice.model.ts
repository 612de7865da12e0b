import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** The owner's in-app inbox. `dedupeKey` makes each notice once-only under retries. */
const noticeSchema = new Schema(
  {
    ownerId: { type: Schema.Types.ObjectId, required: true },
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, default: null },
    kind: { type: String, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    /** A mini-program page the notice opens (`/pages/...?...`), e.g. a reminder's booking page. */
    page: { type: String, default: null },
    dedupeKey: { type: String, required: true },
    createdAt: { type: Date, required: true },
    readAt: { type: Date, default: null }
  },
  { versionKey: false, collection: 'notices' }
);
// Once-only delivery.
noticeSchema.index({ dedupeKey: 1 }, { unique: true });
// The owner's inbox, newest first.
noticeSchema.index({ ownerId: 1, createdAt: -1 });

export type NoticeDoc = InferSchemaType<typeof noticeSchema>;
export const Notice = mongoose.model('Notice', noticeSchema);
