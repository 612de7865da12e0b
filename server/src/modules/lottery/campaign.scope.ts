import type { StaffAuth } from '../../http/auth-context';
import { mayActOn } from '../../http/dealership-scope';
import { notFound } from '../../lib/errors';
import { LotteryCampaign, type CampaignDoc } from './campaign.model';
import type { Types } from 'mongoose';

export type CampaignRecord = CampaignDoc & { _id: Types.ObjectId };

/** A campaign of a dealership the staff member acts on; any other is 404 like a missing one. */
export async function campaignFor(auth: StaffAuth, id: string): Promise<CampaignRecord> {
  const campaign = await LotteryCampaign.findById(id).lean<CampaignRecord>();
  if (!campaign || !mayActOn(auth, String(campaign.dealershipId)))
    throw notFound('抽奖活动', 'CAMPAIGN_NOT_FOUND');
  return campaign;
}
