import type { DrawFate, EarningAction, PrizeKind } from '../domain/lottery/types';

/**
 * Lottery enums (docs/lottery.md) and their Chinese labels; zod-free so the mini-program
 * bundles them (see labels/classes.ts). The API schemas in api/lottery.ts re-export them. The
 * prize-kind and earning-action labels belong to the rules page and live in
 * domain/lottery/rules.ts.
 */

export const LOTTERY_PRIZE_KINDS = [
  'points',
  'voucher',
  'gift',
  'none'
] as const satisfies readonly PrizeKind[];
export const LOTTERY_EARNED_BY = [
  'binding',
  'booking_served',
  'survey'
] as const satisfies readonly EarningAction[];
export const LOTTERY_CAMPAIGN_STATUSES = ['draft', 'submitted', 'published', 'ended'] as const;
export const LOTTERY_DRAW_FATES = [
  'won',
  'out-of-stock',
  'over-limit',
  'excluded'
] as const satisfies readonly DrawFate[];
export const LOTTERY_ENTRY_KINDS = ['free_day', 'free_campaign', 'earned', 'points'] as const;

export type LotteryCampaignStatus = (typeof LOTTERY_CAMPAIGN_STATUSES)[number];
export type LotteryEntryKind = (typeof LOTTERY_ENTRY_KINDS)[number];

export const LOTTERY_CAMPAIGN_STATUS_LABELS: Record<LotteryCampaignStatus, string> = {
  draft: '草稿',
  submitted: '待审批',
  published: '已发布',
  ended: '已结束'
};

/** Why a draw became 谢谢参与 (or that it won). */
export const LOTTERY_DRAW_FATE_LABELS: Record<DrawFate, string> = {
  won: '中奖',
  'out-of-stock': '奖品已发完',
  'over-limit': '已达中奖上限',
  excluded: '内部员工不参与中奖'
};

/** Which entry a draw used. */
export const LOTTERY_ENTRY_KIND_LABELS: Record<LotteryEntryKind, string> = {
  free_day: '每日免费',
  free_campaign: '活动免费',
  earned: '行为奖励',
  points: '积分抽奖'
};
