import { Types } from 'mongoose';
import { publicationProblems, type CampaignTerms } from '@dealer/shared';
import { clock } from '../../lib/clock';
import { unprocessable } from '../../lib/errors';
import { RewardItem } from '../points/reward.model';
import { Segment } from '../segments/segment.model';

/**
 * Why a campaign may not be published: the domain's rules (prize cap, disclosures, fallback
 * prize, weights, window) and what only the server can check — the segment and the catalog
 * items the terms name belong to the dealership.
 */
export async function problemsOf(dealershipId: Types.ObjectId, terms: CampaignTerms): Promise<string[]> {
  const problems = [...publicationProblems(terms, clock.now())];
  if (terms.audience.segmentId) {
    const segment = await Segment.exists({ _id: new Types.ObjectId(terms.audience.segmentId), dealershipId });
    if (!segment) problems.push('所选客户分群不存在');
  }
  for (const prize of terms.prizes) {
    if (prize.kind !== 'voucher' || !prize.rewardItemId) continue;
    const item = await RewardItem.exists({ _id: new Types.ObjectId(prize.rewardItemId), dealershipId });
    if (!item) problems.push(`奖项“${prize.name}”选择的券不在本店积分商城中`);
  }
  return problems;
}

export const publicationRefused = (problems: readonly string[]) =>
  unprocessable('PUBLICATION_REFUSED', `活动不能发布：${problems[0]}`, { problems });
