import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { REWARD_KINDS } from '@dealer/shared';

/** What an owner got for a redemption: a code the store verifies, with one or more uses. */
const lotSchema = new Schema(
  {
    lot: { type: String, required: true },
    expiresOn: { type: String, default: null },
    remaining: { type: Number, required: true }
  },
  { _id: false }
);
const voucherSchema = new Schema(
  {
    /** 10 characters of Crockford base32 from 50 random bits (voucher-code.ts). */
    code: { type: String, required: true },
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    itemId: { type: Schema.Types.ObjectId, required: true },
    itemName: { type: String, required: true },
    itemKind: { type: String, enum: REWARD_KINDS, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    ownerId: { type: Schema.Types.ObjectId, required: true },
    redemptionId: { type: Schema.Types.ObjectId, required: true },
    pointsSpent: { type: Number, required: true },
    /** The lots the points came from (a reversal gives them back with their expiry). */
    consumed: { type: [lotSchema], default: [] },
    claims: { type: [String], default: [] },
    usesTotal: { type: Number, required: true },
    validUntil: { type: Date, required: true },
    reversedAt: { type: Date, default: null },
    createdAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'vouchers' }
);
// The desk's lookup by code; codes are unique.
voucherSchema.index({ code: 1 }, { unique: true });
// One voucher per redemption.
voucherSchema.index({ redemptionId: 1 }, { unique: true });
// An owner's vouchers, newest first.
voucherSchema.index({ ownerId: 1, createdAt: -1 });

export type VoucherDoc = InferSchemaType<typeof voucherSchema>;
export const Voucher = mongoose.model('Voucher', voucherSchema);

/**
 * A use of a voucher, claimed by unique insert: `_id` = `<voucherId>:use:<n>`. Two desks
 * confirming the same use at once write one record; a reversal takes use 1 so that it and a
 * first use cannot both happen.
 */
const voucherUseSchema = new Schema(
  {
    _id: { type: String, required: true },
    voucherId: { type: Schema.Types.ObjectId, required: true },
    number: { type: Number, required: true },
    kind: { type: String, enum: ['use', 'reversal'], required: true },
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    staffId: { type: Schema.Types.ObjectId, required: true },
    staffName: { type: String, required: true },
    at: { type: Date, required: true }
  },
  { versionKey: false, collection: 'voucher_uses' }
);
// A voucher's uses (counts for lists, the desk's history).
voucherUseSchema.index({ voucherId: 1 });

export type VoucherUseDoc = InferSchemaType<typeof voucherUseSchema>;
export const VoucherUse = mongoose.model('VoucherUse', voucherUseSchema);
