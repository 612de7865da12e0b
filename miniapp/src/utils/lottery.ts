import { LOTTERY_DRAW_FATE_LABELS } from '@dealer/shared/labels/lottery'
import type { LotteryDraw } from '../services/api-types'

export { PRIZE_KIND_LABELS, EARNING_ACTION_LABELS } from '@dealer/shared/domain/lottery/rules'
export { LOTTERY_CAMPAIGN_STATUS_LABELS, LOTTERY_DRAW_FATE_LABELS, LOTTERY_ENTRY_KIND_LABELS } from '@dealer/shared/labels/lottery'

/** A draw's result in one line: what was won, or why it became 谢谢参与. */
export function drawHeadline(draw: Pick<LotteryDraw, 'prize' | 'fate'>): string {
  if (draw.prize.kind === 'none') return draw.fate === 'won' ? '谢谢参与' : `谢谢参与（${LOTTERY_DRAW_FATE_LABELS[draw.fate]}）`
  return `恭喜获得 ${draw.prize.name}`
}

/** A fresh key per tap (the server answers a retried key with the same draw). */
export function drawKey(now = Date.now(), random = Math.random): string {
  return `d${now.toString(36)}${Math.floor(random() * 36 ** 8)
    .toString(36)
    .padStart(8, '0')}`
}
