import { parseYuanToFen } from '@dealer/shared/domain/amounts'
import type { EarningAction } from '@dealer/shared/domain/lottery'
import type { LotteryCampaignTerms, LotteryPrize } from '../services/api-types'
import { formatDateTime } from './format'

/**
 * The campaign form as typed (strings), and its conversion to the terms the server stores.
 * Times are typed in Beijing time as `YYYY-MM-DD HH:mm`; money in yuan.
 */

export interface PrizeDraft {
  id: string
  name: string
  kind: LotteryPrize['kind']
  valueYuan: string
  weight: string
  /** Empty: unlimited (only 谢谢参与). */
  stock: string
  rewardItemId: string
  points: string
}

export interface CampaignDraft {
  name: string
  startsAt: string
  endsAt: string
  claimDeadline: string
  tiers: LotteryCampaignTerms['audience']['tiers']
  segmentId: string
  allBound: boolean
  prospects: boolean
  freePerDay: string
  freePerCampaign: string
  /** Empty: draws cannot be bought with points. */
  pointsPerDraw: string
  earnedBy: EarningAction[]
  perDay: string
  perCampaign: string
  perPrize: string
  organiser: string
  contact: string
  drawMethod: string
  claimMethod: string
  delivery: string
  forfeitConditions: string
  showOdds: boolean
  prizes: PrizeDraft[]
}

export const FALLBACK_PRIZE_DRAFT: PrizeDraft = {
  id: 'none',
  name: '谢谢参与',
  kind: 'none',
  valueYuan: '0',
  weight: '50',
  stock: '',
  rewardItemId: '',
  points: ''
}

/** A new prize row with the first free id p1, p2, … */
export function newPrizeDraft(existing: readonly PrizeDraft[]): PrizeDraft {
  let n = 1
  while (existing.some((p) => p.id === `p${n}`)) n++
  return { id: `p${n}`, name: '', kind: 'gift', valueYuan: '', weight: '10', stock: '10', rewardItemId: '', points: '' }
}

/** A new campaign: a week from tomorrow, the usual texts filled in, only 谢谢参与 as a prize. */
export function emptyCampaignDraft(now: Date): CampaignDraft {
  const day = 24 * 3600 * 1000
  const at = (offsetDays: number, time: string) => `${formatDateTime(new Date(now.getTime() + offsetDays * day).toISOString()).slice(0, 10)} ${time}`
  return {
    name: '',
    startsAt: at(1, '09:00'),
    endsAt: at(8, '21:00'),
    claimDeadline: at(38, '21:00'),
    tiers: [],
    segmentId: '',
    allBound: true,
    prospects: false,
    freePerDay: '1',
    freePerCampaign: '0',
    pointsPerDraw: '',
    earnedBy: [],
    perDay: '3',
    perCampaign: '',
    perPrize: '1',
    organiser: '',
    contact: '',
    drawMethod: '在小程序活动页点击抽奖，系统即时开奖',
    claimMethod: '券类奖品发放到“我的券”，到店出示券码使用；积分即时到账；实物奖品凭领奖码到店领取',
    delivery: '实物奖品到店自提，不邮寄',
    forfeitConditions: '超过领奖截止时间未领取的奖品视为自动放弃',
    showOdds: false,
    prizes: [{ ...FALLBACK_PRIZE_DRAFT }]
  }
}

/** `2026-12-05T13:00:00Z` → `2026-12-05 21:00` (Beijing). */
const beijing = (iso: string) => formatDateTime(iso)

export function draftOfTerms(terms: LotteryCampaignTerms): CampaignDraft {
  const text = (n: number | null) => (n === null ? '' : String(n))
  return {
    name: terms.name,
    startsAt: beijing(terms.startsAt),
    endsAt: beijing(terms.endsAt),
    claimDeadline: beijing(terms.claimDeadline),
    tiers: [...terms.audience.tiers],
    segmentId: terms.audience.segmentId ?? '',
    allBound: terms.audience.allBound,
    prospects: terms.audience.prospects,
    freePerDay: String(terms.entry.freePerDay),
    freePerCampaign: String(terms.entry.freePerCampaign),
    pointsPerDraw: text(terms.entry.pointsPerDraw),
    earnedBy: [...terms.entry.earnedBy],
    perDay: text(terms.limits.perDay),
    perCampaign: text(terms.limits.perCampaign),
    perPrize: text(terms.limits.perPrize),
    ...terms.disclosure,
    prizes: terms.prizes.map((p) => ({
      id: p.id,
      name: p.name,
      kind: p.kind,
      valueYuan: (p.valueFen / 100).toFixed(2).replace(/\.00$/, ''),
      weight: String(p.weight),
      stock: text(p.stock),
      rewardItemId: p.rewardItemId ?? '',
      points: text(p.points)
    }))
  }
}

type Checked<T> = { ok: true; value: T } | { ok: false; error: string }

function whole(text: string, label: string, min: number): Checked<number> {
  const value = Number(text.trim())
  if (text.trim() === '' || !Number.isInteger(value)) return { ok: false, error: `${label}须为整数` }
  if (value < min) return { ok: false, error: `${label}不能小于 ${min}` }
  return { ok: true, value }
}

/** Empty means none / unlimited. */
function optionalWhole(text: string, label: string, min: number): Checked<number | null> {
  return text.trim() === '' ? { ok: true, value: null } : whole(text, label, min)
}

/** `2026-12-05 21:00` (Beijing) → `2026-12-05T21:00:00+08:00`. */
export function beijingInstant(text: string, label: string): Checked<string> {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})$/.exec(text.trim())
  if (!match) return { ok: false, error: `${label}格式应为 2026-12-01 09:00` }
  const iso = `${match[1]}T${match[2].padStart(2, '0')}:${match[3]}:00+08:00`
  return Number.isNaN(Date.parse(iso)) ? { ok: false, error: `${label}不是有效的时间` } : { ok: true, value: iso }
}

class DraftError extends Error {}
function take<T>(checked: Checked<T>): T {
  if (!checked.ok) throw new DraftError(checked.error)
  return checked.value
}

function prizeOf(p: PrizeDraft): LotteryPrize {
  const label = `奖项“${p.name.trim() || p.id}”`
  const valueFen = parseYuanToFen(p.valueYuan)
  if (valueFen === null || valueFen < 0) throw new DraftError(`${label}的价值须为金额（元）`)
  return {
    id: p.id,
    name: p.name.trim(),
    kind: p.kind,
    valueFen,
    weight: take(whole(p.weight, `${label}的权重`, 0)),
    stock: p.kind === 'none' ? null : take(whole(p.stock, `${label}的数量`, 0)),
    rewardItemId: p.kind === 'voucher' && p.rewardItemId.trim() ? p.rewardItemId.trim() : null,
    points: p.kind === 'points' ? take(whole(p.points, `${label}的积分数`, 1)) : null
  }
}

/** The terms of a draft, or the first thing to fix (Chinese). The law's checks run on the server at submission. */
export function termsOfDraft(d: CampaignDraft): { terms: LotteryCampaignTerms } | { error: string } {
  try {
    if (!d.name.trim()) throw new DraftError('请填写活动名称')
    const terms: LotteryCampaignTerms = {
      name: d.name.trim(),
      startsAt: take(beijingInstant(d.startsAt, '开始时间')),
      endsAt: take(beijingInstant(d.endsAt, '结束时间')),
      claimDeadline: take(beijingInstant(d.claimDeadline, '领奖截止时间')),
      audience: { tiers: d.tiers, segmentId: d.segmentId.trim() || null, allBound: d.allBound, prospects: d.prospects },
      entry: {
        freePerDay: take(whole(d.freePerDay, '每日免费次数', 0)),
        freePerCampaign: take(whole(d.freePerCampaign, '活动期间免费次数', 0)),
        pointsPerDraw: take(optionalWhole(d.pointsPerDraw, '每次消耗积分', 1)),
        earnedBy: d.earnedBy
      },
      prizes: d.prizes.map(prizeOf),
      limits: {
        perDay: take(optionalWhole(d.perDay, '每日抽奖上限', 1)),
        perCampaign: take(optionalWhole(d.perCampaign, '活动期间抽奖上限', 1)),
        perPrize: take(optionalWhole(d.perPrize, '同一奖项中奖上限', 1))
      },
      disclosure: {
        organiser: d.organiser.trim(),
        contact: d.contact.trim(),
        drawMethod: d.drawMethod.trim(),
        claimMethod: d.claimMethod.trim(),
        delivery: d.delivery.trim(),
        forfeitConditions: d.forfeitConditions.trim(),
        showOdds: d.showOdds
      }
    }
    return { terms }
  } catch (e) {
    if (e instanceof DraftError) return { error: e.message }
    throw e
  }
}
