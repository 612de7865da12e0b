import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { REWARD_KINDS, TIERS } from '@dealer/shared';

/** A reward in a dealership's shop: a service coupon, a maintenance package or goods. */
const rewardItemSchema = new Schema(
  {
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    description: { type: String, default: '' },
    kind: { type: String, enum: REWARD_KINDS, required: true },
    pricePoints: { type: Number, required: true },
    /** Cash part of the price (fen); items with cash wait for WeChat Pay. */
    priceCashFen: { type: Number, required: true },
    stock: { type: Number, required: true },
    perOwnerLimit: { type: Number, required: true },
    uses: { type: Number, required: true },
    validDays: { type: Number, required: true },
    tiersAllowed: { type: [String], enum: TIERS, default: [] },
    visibleFrom: { type: String, default: null },
    visibleTo: { type: String, default: null },
    active: { type: Boolean, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'reward_items' }
);
// A dealership's catalog (managers) and its shop (owners: active items).
rewardItemSchema.index({ dealershipId: 1, active: 1 });

export type RewardItemDoc = InferSchemaType<typeof rewardItemSchema>;
export const RewardItem = mongoose.model('RewardItem', rewardItemSchema);

/**
 * Stock units and per-owner slots, claimed by unique insert: `_id` = `<itemId>:unit:<n>`
 * (n ≤ stock) or `<itemId>:owner:<customerId>:<n>` (n ≤ the per-owner limit). An item is never
 * oversold and a limit never exceeded, whoever redeems at the same moment.
 */
const rewardClaimSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** The `_id` without its number: `<itemId>:unit` or `<itemId>:owner:<customerId>`. */
    group: { type: String, required: true },
    redemptionId: { type: Schema.Types.ObjectId, required: true },
    at: { type: Date, required: true }
  },
  { versionKey: false, collection: 'reward_claims' }
);
// Claimed units of an item / slots of an owner (the next number to try, the catalog's count).
rewardClaimSchema.index({ group: 1 });
// A redemption's claims (the repair of a redemption left without a voucher).
rewardClaimSchema.index({ redemptionId: 1 });
// The sweep of claims left by a purchase that stopped before its spend: claims by age.
rewardClaimSchema.index({ at: 1 });

export const RewardClaim = mongoose.model('RewardClaim', rewardClaimSchema);
