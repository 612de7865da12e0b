import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** A WeChat user of the mini-program. `sessionKey` stays on the server, always. */
const ownerSchema = new Schema(
  {
    openid: { type: String, required: true },
    unionid: { type: String, default: null },
    sessionKey: { type: String, required: true },
    mobile: { type: String, default: null },
    mobileVerifiedAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
    lastLoginAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'owners' }
);
// Login: one owner per openid (unique insert makes concurrent first logins safe).
ownerSchema.index({ openid: 1 }, { unique: true });

export type OwnerDoc = InferSchemaType<typeof ownerSchema>;
export const Owner = mongoose.model('Owner', ownerSchema);
