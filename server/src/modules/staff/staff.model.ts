import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { STAFF_ROLES } from '@dealer/shared';

const staffSchema = new Schema(
  {
    username: { type: String, required: true },
    name: { type: String, required: true },
    role: { type: String, enum: STAFF_ROLES, required: true },
    /** null only for group admins. */
    dealershipId: { type: Schema.Types.ObjectId, default: null },
    passwordHash: { type: String, required: true },
    disabled: { type: Boolean, default: false },
    /** Short code used in advisor QR scenes (`a=<code>`), unique across the group. */
    advisorCode: { type: String, required: true },
    /** The member's own mobile (lottery campaigns exclude it from winning); null when not given. */
    mobile: { type: String, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'staff' }
);
// Login by username (stored lower-case).
staffSchema.index({ username: 1 }, { unique: true });
// Resolving an advisor from a QR scene.
staffSchema.index({ advisorCode: 1 }, { unique: true });
// Staff lists per dealership, and advisor-name lookup during import.
staffSchema.index({ dealershipId: 1, name: 1 });
// Lottery draws: is this verified mobile a staff member's (no internal winners)?
staffSchema.index({ mobile: 1 });

export type StaffDoc = InferSchemaType<typeof staffSchema>;
export const Staff = mongoose.model('Staff', staffSchema);
