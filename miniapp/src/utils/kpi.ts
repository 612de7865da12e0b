import type { KpiRatio, KpiValues, TierKey } from '../services/api-types'

/** Formatting and card models for the KPI dashboard (pure: tested without Taro). */

/** 0.625 → `62.5%`; 0.6 → `60%`; null (denominator 0) → `—`. */
export function formatRate(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—'
  const percent = value * 100
  const fixed = percent.toFixed(digits)
  return `${fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed}%`
}

/** `25 / 40` under a rate. */
export function formatFraction(ratio: Pick<KpiRatio, 'numerator' | 'denominator'>): string {
  return `${ratio.numerator.toLocaleString('en-US')} / ${ratio.denominator.toLocaleString('en-US')}`
}

export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—'
  return value.toLocaleString('en-US')
}

/** A rate for a chart axis in percent (2 decimals); null stays null (a gap in the line). */
export function ratePercent(value: number | null | undefined): number | null {
  if (value === null || value === undefined || Number.isNaN(value)) return null
  return Math.round(value * 10000) / 100
}

/** `2025-03` → `2025年3月`; short: `3月` (`25年3月` when the series spans years). */
export function monthLabel(month: string, short = false): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month)
  if (!m) return month
  const year = m[1]
  const mm = String(Number(m[2]))
  return short ? `${year.slice(2)}年${mm}月` : `${year}年${mm}月`
}

/** The last `count` calendar months ending with the month of `today` (Asia/Shanghai), newest first. */
export function recentMonths(today: Date, count: number): string[] {
  const shanghai = new Date(today.getTime() + 8 * 3600 * 1000)
  let year = shanghai.getUTCFullYear()
  let month = shanghai.getUTCMonth() + 1
  const out: string[] = []
  for (let i = 0; i < count; i += 1) {
    out.push(`${year}-${month < 10 ? `0${month}` : month}`)
    month -= 1
    if (month === 0) {
      month = 12
      year -= 1
    }
  }
  return out
}

/** `watch`: always outlined (A/B churn is watched most closely); `alert`: over the alert line. */
export type CardTone = 'normal' | 'good' | 'watch' | 'alert'

export interface KpiCard {
  key: string
  label: string
  value: string
  detail: string
  hint: string
  tone: CardTone
}

/** A/B churn at or above this fraction turns the card red. */
export const ALERT_CHURN_AB = 0.1

/** The headline cards, in dashboard order. A/B churn is always highlighted (red when ≥ 10%). */
export function kpiCards(kpis: KpiValues): KpiCard[] {
  const k = kpis
  return [
    {
      key: 'bindingRate',
      label: k.bindingRate.label,
      value: formatRate(k.bindingRate.value),
      detail: `${formatFraction(k.bindingRate)} · 本期新绑定 ${formatCount(k.bindingRate.newBindings)}`,
      hint: k.bindingRate.hint,
      tone: 'normal'
    },
    {
      key: 'returnRate',
      label: k.returnRate.label,
      value: formatRate(k.returnRate.value),
      detail: `${formatFraction(k.returnRate)} · 应回厂 ${formatCount(k.returnRate.due)}，待观察 ${formatCount(k.returnRate.pending)}`,
      hint: k.returnRate.hint,
      tone: 'normal'
    },
    {
      key: 'retention',
      label: k.retention.label,
      value: formatRate(k.retention.value),
      detail: formatFraction(k.retention),
      hint: k.retention.hint,
      tone: 'good'
    },
    {
      key: 'churn',
      label: k.churn.label,
      value: formatRate(k.churn.value),
      detail: formatFraction(k.churn),
      hint: k.churn.hint,
      tone: 'normal'
    },
    {
      key: 'churnAB',
      label: k.churnAB.label,
      value: formatRate(k.churnAB.value),
      detail: formatFraction(k.churnAB),
      hint: k.churnAB.hint,
      tone: churnABAlert(k.churnAB.value) ? 'alert' : 'watch'
    },
    {
      key: 'atRisk',
      label: k.atRisk.label,
      value: formatCount(k.atRisk.count),
      detail: tierBreakdown(k.atRisk.byTier),
      hint: k.atRisk.hint,
      tone: 'normal'
    },
    {
      key: 'lost',
      label: k.lost.label,
      value: formatCount(k.lost.count),
      detail: tierBreakdown(k.lost.byTier),
      hint: k.lost.hint,
      tone: 'normal'
    },
    {
      key: 'repeatVisitRate',
      label: k.repeatVisitRate.label,
      value: formatRate(k.repeatVisitRate.value),
      detail: formatFraction(k.repeatVisitRate),
      hint: k.repeatVisitRate.hint,
      tone: 'normal'
    }
  ]
}

/** True when A/B churn crossed the alert line (the card turns red, not just outlined). */
export function churnABAlert(value: number | null): boolean {
  return value !== null && value >= ALERT_CHURN_AB
}

const TIER_SHORT: Record<TierKey, string> = { A: 'A', B: 'B', C: 'C', D: 'D', none: '未分级' }

/** `A 1 · B 3 · C 10 · D 6` (zeros left out; `—` when all are zero). */
export function tierBreakdown(counts: Record<TierKey, number>): string {
  const parts = (Object.keys(TIER_SHORT) as TierKey[]).filter((t) => counts[t] > 0).map((t) => `${TIER_SHORT[t]} ${counts[t]}`)
  return parts.length ? parts.join(' · ') : '—'
}

/** Rows of the movement matrix for a table: from-tier, then counts to A/B/C/D/none. */
export function movementRows(counts: Record<TierKey, Record<TierKey, number>>): Array<{ from: TierKey; cells: number[]; total: number }> {
  const keys: TierKey[] = ['A', 'B', 'C', 'D', 'none']
  return keys.map((from) => {
    const cells = keys.map((to) => counts[from]?.[to] ?? 0)
    return { from, cells, total: cells.reduce((a, b) => a + b, 0) }
  })
}

/** `平均 4.25 分 · 12 份答卷` (`暂无答卷` when nobody answered). */
export function satisfactionText(s: KpiValues['satisfaction']): string {
  return s.average === null ? '暂无答卷' : `平均 ${s.average.toFixed(2)} 分 · ${s.answers} 份答卷 · 低分 ${s.lowScores}`
}

/** `新增 3 件 · 平均受理 35 分钟 · 平均解决 300 分钟` (unmeasured times left out). */
export function complaintResponseText(c: KpiValues['complaintResponse']): string {
  const parts = [`新增 ${c.opened} 件`]
  if (c.avgResponseMinutes !== null) parts.push(`平均受理 ${c.avgResponseMinutes} 分钟`)
  if (c.avgResolutionMinutes !== null) parts.push(`平均解决 ${c.avgResolutionMinutes} 分钟`)
  return parts.join(' · ')
}
