import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { CONTACT_CHANNELS } from '@dealer/shared';

/** Every call, visit, message and callback with its outcome (part of the archive). */
const contactSchema = new Schema(
  {
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    staffId: { type: Schema.Types.ObjectId, required: true },
    staffName: { type: String, required: true },
    channel: { type: String, enum: CONTACT_CHANNELS, required: true },
    /** What the contact was for: callback, reminder, care... */
    purpose: { type: String, default: 'other' },
    outcome: { type: String, required: true },
    note: { type: String, default: '' },
    at: { type: Date, required: true }
  },
  { versionKey: false, collection: 'contacts' }
);
// A customer's contact log, newest first.
contactSchema.index({ customerId: 1, at: -1 });

export type ContactDoc = InferSchemaType<typeof contactSchema>;
export const Contact = mongoose.model('Contact', contactSchema);
