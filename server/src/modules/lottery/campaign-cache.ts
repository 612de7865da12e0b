import type { Types } from 'mongoose';
import type { CampaignTerms } from '@dealer/shared';
import { notFound } from '../../lib/errors';
import { TtlCache } from '../../lib/ttl-cache';
import { termsOf } from './campaign-terms';
import { LotteryCampaign, LotterySeed } from './campaign.model';

/**
 * Campaigns and seeds as draws read them. A burst of draws reads the campaign once a second,
 * not once per draw; a change made through this process is seen at once (invalidate), one
 * made by another instance within the second. A seed never changes once stored.
 */

export interface LiveCampaign {
  _id: Types.ObjectId;
  dealershipId: Types.ObjectId;
  status: string;
  version: number;
  terms: CampaignTerms;
}

const campaigns = new TtlCache<LiveCampaign | null>(1_000);
const seeds = new Map<string, Promise<string>>();

export function liveCampaign(campaignId: string): Promise<LiveCampaign | null> {
  return campaigns.getOrLoad(campaignId, async () => {
    const c = await LotteryCampaign.findById(campaignId, {
      dealershipId: 1,
      status: 1,
      version: 1,
      terms: 1
    }).lean();
    return c
      ? { _id: c._id, dealershipId: c.dealershipId, status: c.status, version: c.version, terms: termsOf(c) }
      : null;
  });
}

export const forgetCampaign = (campaignId: string) => campaigns.invalidate(campaignId);

/** The secret seed (draws only; never answered by a route before the campaign ends). */
export function seedOf(campaignId: string): Promise<string> {
  const known = seeds.get(campaignId);
  if (known) return known;
  // The read itself is shared: a burst's first draws wait for one read, not one each.
  const reading = LotterySeed.findById(campaignId)
    .lean()
    .then((seed) => {
      if (!seed) throw new Error(`campaign ${campaignId} has no seed`);
      return seed.seedHex;
    });
  if (seeds.size > 10_000) seeds.clear();
  seeds.set(campaignId, reading);
  // A failed read is not kept: the next draw reads again.
  reading.catch(() => {
    if (seeds.get(campaignId) === reading) seeds.delete(campaignId);
  });
  return reading;
}

export const campaignNotFound = () => notFound('抽奖活动', 'CAMPAIGN_NOT_FOUND');
