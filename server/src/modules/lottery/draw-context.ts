import type { Types } from 'mongoose';
import type { CampaignTerms } from '@dealer/shared';
import type { DrawRecord } from './draw.model';

/** What every step of a draw works from: the campaign, the draw, and what it has claimed so far. */
export interface DrawContext {
  campaign: { _id: Types.ObjectId; dealershipId: Types.ObjectId; terms: CampaignTerms };
  draw: DrawRecord;
  /** The draw's claims by group (a resumed draw reuses them). */
  claims: Map<string, number>;
}

export const claimOwnerOf = (ctx: DrawContext) => ({ campaignId: ctx.campaign._id, drawId: ctx.draw._id });
export const campaignIdOf = (ctx: DrawContext) => String(ctx.campaign._id);
export const customerIdOf = (ctx: DrawContext) => String(ctx.draw.customerId);
