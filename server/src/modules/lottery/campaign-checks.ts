import { Types } from 'mongoose';
import { publicationProblems, type CampaignTerms } from '@dealer/shared';
import { unprocessable } from '../../lib/errors';
import { RewardItem } from '../points/reward.model';
import { Segment } from '../segments/segment.model';

/**
 * Why a campaign may not be published: the domain's rules (prize cap, disclosures, fallback
 * prize, weights, window) and what only the server can check — the segment and the catalog
 * items the terms name belong to the dealership, points prizes say how many points.
 */
export async function problemsOf(dealershipId: Types.ObjectId, terms: CampaignTerms): Promise<string[]> {
  const problems = [...publicationProblems(terms)];
  if (terms.audience.segmentId) {
    const segment = await Segment.exists({ _id: new Types.ObjectId(terms.audience.segmentId), dealershipId });
    if (!segment) problems.push('所选客户分群不存在');
  }
  for (const prize of terms.prizes) {
    if (prize.kind === 'voucher') {
      const item = prize.rewardItemId
        ? await RewardItem.exists({ _id: new Types.ObjectId(prize.rewardItemId), dealershipId })
        : null;
      if (!item) problems.push(`奖品「${prize.name}」须选择本店积分商城中的券`);
    }
    if (prize.kind === 'points' && !prize.points) problems.push(`奖品「${prize.name}」须填写赠送积分数`);
  }
  return problems;
}

export const publicationRefused = (problems: readonly string[]) =>
  unprocessable('PUBLICATION_REFUSED', `活动不能发布：${problems[0]}`, { problems });
