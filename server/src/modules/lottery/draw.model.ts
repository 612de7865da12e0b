import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { LOTTERY_DRAW_FATES, LOTTERY_ENTRY_KINDS } from '@dealer/shared';

export const DRAW_STATES = ['pending', 'done', 'refused'] as const;
export type DrawState = (typeof DRAW_STATES)[number];

/**
 * One finished draw, inserted once its outcome and prize are stored (`_id` = the draw id the
 * outcome is computed from, pickPrize(seed, drawId), derived from the request key). States:
 * done (outcome and prize stored), refused (no entry, over a limit: it gave back what it took).
 * `pending` is a draw in progress, which lives only as its start (`lottery_draw_starts`) until
 * then. Every step's effect is keyed by the draw id, so a retry or the repair sweep finishes a
 * started draw without doubling anything.
 */
const drawSchema = new Schema(
  {
    _id: { type: String, required: true },
    campaignId: { type: Schema.Types.ObjectId, required: true },
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    ownerId: { type: Schema.Types.ObjectId, required: true },
    /** `<campaignId>:<ownerId>:<client idempotency key>`: the draw id is derived from it. */
    requestKey: { type: String, required: true },
    /** Shanghai day of the request: the daily limits and free draws count on it. */
    day: { type: String, required: true },
    state: { type: String, enum: DRAW_STATES, required: true },
    entry: { type: String, enum: [...LOTTERY_ENTRY_KINDS, null], default: null },
    pointsSpent: { type: Number, default: 0 },
    seq: { type: Number, default: null },
    participant: { type: String, required: true },
    /** The owner's mobile is a staff member's (decided at the request): they never win. */
    excluded: { type: Boolean, required: true },
    picked: { type: String, default: null },
    awarded: { type: String, default: null },
    fate: { type: String, enum: [...LOTTERY_DRAW_FATES, null], default: null },
    pointsAwarded: { type: Number, default: 0 },
    voucherCode: { type: String, default: null },
    pickupCode: { type: String, default: null },
    refusal: {
      type: new Schema({ status: Number, code: String, message: String }, { _id: false }),
      default: null
    },
    createdAt: { type: Date, required: true },
    drawnAt: { type: Date, default: null },
    doneAt: { type: Date, default: null }
  },
  { versionKey: false, collection: 'lottery_draws' }
);
// Results and the verification: a campaign's draws by state.
drawSchema.index({ campaignId: 1, state: 1 });
// The owner's history, newest first.
drawSchema.index({ ownerId: 1, createdAt: -1 });

export type DrawDoc = InferSchemaType<typeof drawSchema>;
export type DrawRecord = DrawDoc & { _id: string };
export const LotteryDraw = mongoose.model('LotteryDraw', drawSchema);

/**
 * Everything a draw takes, claimed by unique insert (`_id`): limit slots
 * `<campaign>:limit-day:<customer>:<day>:<n>`, entries `<campaign>:free-day:…`, the sequence
 * `<campaign>:seq:<n>`, prize units `<campaign>:unit:<prize>:<n>` (n ≤ stock), per-owner prize
 * slots `<campaign>:prize:<customer>:<prize>:<n>` (n ≤ the limit). A prize is never given beyond
 * its stock nor a limit exceeded, whoever draws at the same moment.
 */
const claimSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** The `_id` without its number. */
    group: { type: String, required: true },
    campaignId: { type: Schema.Types.ObjectId, required: true },
    drawId: { type: String, required: true },
    at: { type: Date, required: true }
  },
  { versionKey: false, collection: 'lottery_claims' }
);
// Claimed slots of a group (holes after a crash, counts).
claimSchema.index({ group: 1 });
// A draw's claims (a resumed draw reuses them; a refused one gives them back).
claimSchema.index({ drawId: 1 });

export const LotteryClaim = mongoose.model('LotteryClaim', claimSchema);

/** A gift's pickup at the store: `_id` = the pickup code; one per draw. */
const pickupSchema = new Schema(
  {
    _id: { type: String, required: true },
    drawId: { type: String, required: true },
    campaignId: { type: Schema.Types.ObjectId, required: true },
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    prizeId: { type: String, required: true },
    prizeName: { type: String, required: true },
    claimDeadline: { type: Date, default: null },
    pickedUpAt: { type: Date, default: null },
    pickedUpBy: { type: Schema.Types.ObjectId, default: null },
    createdAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'lottery_pickups' }
);
// One pickup per draw (the draw and the repair sweep may both try).
pickupSchema.index({ drawId: 1 }, { unique: true });
// Results: a campaign's pickups.
pickupSchema.index({ campaignId: 1 });
export const LotteryPickup = mongoose.model('LotteryPickup', pickupSchema);

/**
 * Who joined a campaign from its event QR code: `_id` = `<campaignId>:<ownerId>`. `newProspect`:
 * the phone number had no archive, so a prospect archive was made with the campaign as source.
 */
const entrantSchema = new Schema(
  {
    _id: { type: String, required: true },
    campaignId: { type: Schema.Types.ObjectId, required: true },
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    ownerId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    newProspect: { type: Boolean, required: true },
    joinedAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'lottery_entrants' }
);
// Results and conversion: a campaign's entrants.
entrantSchema.index({ campaignId: 1, newProspect: 1 });
export const LotteryEntrant = mongoose.model('LotteryEntrant', entrantSchema);
