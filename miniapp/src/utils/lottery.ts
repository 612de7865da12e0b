import type { DrawFate } from '@dealer/shared/domain/lottery'
import type { LotteryCampaignStatus, LotteryDraw } from '../services/api-types'

export { PRIZE_KIND_LABELS, EARNING_ACTION_LABELS } from '@dealer/shared/domain/lottery/rules'

/** The mini-program's own tables (the API's copies live beside its zod schemas, which are not bundled). */
export const CAMPAIGN_STATUS_LABELS: Record<LotteryCampaignStatus, string> = {
  draft: '草稿',
  submitted: '待审批',
  published: '已发布',
  ended: '已结束'
}

export const DRAW_FATE_LABELS: Record<DrawFate, string> = {
  won: '中奖',
  'out-of-stock': '奖品已发完',
  'over-limit': '已达中奖上限',
  excluded: '内部员工不参与中奖'
}

export const DRAW_ENTRY_LABELS: Record<LotteryDraw['entry'], string> = {
  free_day: '每日免费',
  free_campaign: '活动免费',
  earned: '行为奖励',
  points: '积分抽奖'
}

/** A draw's result in one line: what was won, or why it became 谢谢参与. */
export function drawHeadline(draw: Pick<LotteryDraw, 'prize' | 'fate'>): string {
  if (draw.prize.kind === 'none') return draw.fate === 'won' ? '谢谢参与' : `谢谢参与（${DRAW_FATE_LABELS[draw.fate]}）`
  return `恭喜获得 ${draw.prize.name}`
}

/** A fresh key per tap (the server answers a retried key with the same draw). */
export function drawKey(now = Date.now(), random = Math.random): string {
  return `d${now.toString(36)}${Math.floor(random() * 36 ** 8)
    .toString(36)
    .padStart(8, '0')}`
}
