import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { LOTTERY_CAMPAIGN_STATUSES } from '@dealer/shared';

/**
 * A lottery campaign. `terms` is the domain's `CampaignTerms` exactly as marketing wrote it
 * (validated by the shared zod schema on the way in). The secret seed is NOT here: it lives in
 * `lottery_seeds` (no route reads it) until the campaign ends, when it is copied to `seedHex`.
 * Campaigns, their revisions, draws and winners are never deleted once published (kept at
 * least two years: there is no route that deletes them).
 */
const campaignSchema = new Schema(
  {
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    status: { type: String, enum: LOTTERY_CAMPAIGN_STATUSES, required: true },
    terms: { type: Schema.Types.Mixed, required: true },
    version: { type: Number, required: true },
    /** Instants of the window, copied from the terms for the end-of-campaign job's query. */
    endsAt: { type: Date, required: true },
    commitment: { type: String, default: null },
    seedHex: { type: String, default: null },
    problems: { type: [String], default: [] },
    /** Stock added after publication, oldest first (the verification's StockRaise records). */
    stockRaises: {
      type: [
        new Schema({ prizeId: String, fromStock: Number, toStock: Number, firstSeq: Number }, { _id: false })
      ],
      default: []
    },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    submittedAt: { type: Date, default: null },
    publishedAt: { type: Date, default: null },
    approvedBy: { type: Schema.Types.ObjectId, default: null },
    endedAt: { type: Date, default: null },
    seedRevealedAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'lottery_campaigns', minimize: false }
);
// A dealership's campaigns (staff list, owners' open campaigns).
campaignSchema.index({ dealershipId: 1, status: 1 });
// The job: published campaigns whose end has passed.
campaignSchema.index({ status: 1, endsAt: 1 });

export type CampaignDoc = InferSchemaType<typeof campaignSchema>;
export const LotteryCampaign = mongoose.model('LotteryCampaign', campaignSchema);

/** The secret seed of a published campaign; `_id` = campaign id, so a campaign has one seed. */
const seedSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    seedHex: { type: String, required: true },
    createdAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'lottery_seeds' }
);
export const LotterySeed = mongoose.model('LotterySeed', seedSchema);

/**
 * Every revision of a campaign's terms (the rules snapshot of each version), kept with the
 * campaign. `_id` = `<campaignId>:<version>`: two concurrent changes cannot both take a version.
 */
const revisionSchema = new Schema(
  {
    _id: { type: String, required: true },
    campaignId: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true },
    terms: { type: Schema.Types.Mixed, required: true },
    /** Status when the revision was written (changes after publication are the legal record). */
    status: { type: String, required: true },
    byStaffId: { type: Schema.Types.ObjectId, required: true },
    at: { type: Date, required: true }
  },
  { versionKey: false, collection: 'lottery_revisions', minimize: false }
);
// A campaign's revisions in order.
revisionSchema.index({ campaignId: 1, version: 1 });
export const LotteryRevision = mongoose.model('LotteryRevision', revisionSchema);
