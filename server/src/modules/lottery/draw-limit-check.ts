import { conflict } from '../../lib/errors';
import { fullGroupHolders, groups, seenFull } from './draw-claims';

/**
 * Before a draw starts: a tap of an owner whose draw limit is full is refused at once, writing
 * nothing. Only when this process has seen the limit's numbers all taken is the group read
 * (one read, then remembered briefly: `fullGroupHolders`); a tap that retries one of the draws
 * holding the limit goes on and answers with its draw.
 */

export const dailyLimit = (perDay: number | null) =>
  conflict('DAILY_DRAW_LIMIT', `每人每天最多抽奖 ${perDay} 次`);
export const campaignLimit = (perCampaign: number | null) =>
  conflict('CAMPAIGN_DRAW_LIMIT', `每人本活动最多抽奖 ${perCampaign} 次`);

export async function refuseWhenLimitFull(
  campaignId: string,
  customerId: string,
  day: string,
  limits: { perDay: number | null; perCampaign: number | null },
  drawId: string
): Promise<void> {
  const checks: Array<[string, number | null, () => Error]> = [
    [groups.dayLimit(campaignId, customerId, day), limits.perDay, () => dailyLimit(limits.perDay)],
    [
      groups.campaignLimit(campaignId, customerId),
      limits.perCampaign,
      () => campaignLimit(limits.perCampaign)
    ]
  ];
  for (const [group, max, refusal] of checks) {
    if (max === null || !seenFull(group, max)) continue;
    const holders = await fullGroupHolders(group, max);
    if (holders && !holders.has(drawId)) throw refusal();
  }
}
