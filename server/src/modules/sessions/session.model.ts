import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { STAFF_ROLES } from '@dealer/shared';

/**
 * A login session. `_id` is the SHA-256 of the bearer token, so a leaked database does not
 * leak usable tokens. Staff sessions carry a snapshot of role and dealership (so a request
 * is authenticated with one read); changing a staff member's role or disabling them revokes
 * their sessions.
 */
const sessionSchema = new Schema(
  {
    _id: { type: String, required: true },
    kind: { type: String, enum: ['owner', 'staff'], required: true },
    subjectId: { type: Schema.Types.ObjectId, required: true },
    role: { type: String, enum: [...STAFF_ROLES, null], default: null },
    name: { type: String, default: '' },
    dealershipId: { type: Schema.Types.ObjectId, default: null },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'sessions' }
);
// Revoking all sessions of one owner or staff member.
sessionSchema.index({ subjectId: 1 });

export type SessionDoc = InferSchemaType<typeof sessionSchema>;
export const Session = mongoose.model('Session', sessionSchema);
