import mongoose, { Schema } from 'mongoose';

/**
 * An owner's referral token at one dealership: what their shares carry. `_id` is the token
 * (12 random Crockford base32 characters); one per owner and dealership.
 */
const referralCodeSchema = new Schema(
  {
    _id: { type: String, required: true },
    ownerId: { type: Schema.Types.ObjectId, required: true },
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    /** The sharer's archive there: the account the bonus goes to. */
    customerId: { type: Schema.Types.ObjectId, required: true },
    createdAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'points_referral_codes' }
);
// The owner's token at a dealership (get-or-create: two first shares at once make one token).
referralCodeSchema.index({ ownerId: 1, dealershipId: 1 }, { unique: true });
export const ReferralCode = mongoose.model('ReferralCode', referralCodeSchema);

/**
 * A friend who bound through a share. `_id` is the friend's archive: one referrer per friend,
 * whoever shared first (the unique insert settles two binds at once). The bonus itself is the
 * ledger entry `referral:<friend archive>`, once; `rewardedAt` only records it for the views.
 */
const referralSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    referrerOwnerId: { type: Schema.Types.ObjectId, required: true },
    referrerCustomerId: { type: Schema.Types.ObjectId, required: true },
    friendOwnerId: { type: Schema.Types.ObjectId, required: true },
    token: { type: String, required: true },
    /** Shanghai day of the binding: repair orders of earlier days are not the friend's first visit after it. */
    boundOn: { type: String, required: true },
    rewardedAt: { type: Date, default: null },
    createdAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'points_referrals' }
);
// The sharer's friends (their referral view's counts).
referralSchema.index({ referrerCustomerId: 1 });
export const Referral = mongoose.model('Referral', referralSchema);
