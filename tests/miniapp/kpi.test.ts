import type { KpiTrendPoint, KpiValues } from '../../miniapp/src/services/api-types'
import {
  churnABAlert,
  complaintResponseText,
  formatCount,
  formatFraction,
  formatRate,
  kpiCards,
  monthLabel,
  movementRows,
  ratePercent,
  recentMonths,
  satisfactionText,
  tierBreakdown
} from '../../miniapp/src/utils/kpi'
import { chronological, hasData, rateTrendOption, riskTrendOption, tierDistributionOption, tierMovementOption } from '../../miniapp/src/utils/kpi-charts'

const ratio = (value: number | null, numerator: number, denominator: number) => ({ value, numerator, denominator })
const tiers = (a: number, b: number, c: number, d: number, none: number) => ({ A: a, B: b, C: c, D: d, none })

function point(month: string, overrides: Partial<KpiTrendPoint> = {}): KpiTrendPoint {
  return {
    month,
    asOf: `${month}-28`,
    bindingRate: ratio(0.5, 10, 20),
    returnRate: { ...ratio(0.25, 1, 4), due: 4, pending: 0 },
    retention: ratio(0.8, 8, 10),
    churn: ratio(0.2, 2, 10),
    churnAB: ratio(0.125, 1, 8),
    atRisk: 3,
    lost: 1,
    repeatVisitRate: ratio(null, 0, 0),
    prospectConversion: ratio(null, 0, 0),
    tierDistribution: tiers(1, 3, 10, 6, 0),
    tierMovement: { upgraded: 2, downgraded: 1 },
    satisfaction: { answers: 4, average: 4.25 },
    complaintResponse: { opened: 1, acknowledged: 1, resolved: 0, avgResponseMinutes: 30, avgResolutionMinutes: null },
    ...overrides
  }
}

describe('KPI formatting', () => {
  it('formats rates as percent without trailing zeros, null as a dash', () => {
    expect(formatRate(0.625)).toBe('62.5%')
    expect(formatRate(0.6)).toBe('60%')
    expect(formatRate(1)).toBe('100%')
    expect(formatRate(0)).toBe('0%')
    expect(formatRate(0.12345)).toBe('12.3%')
    expect(formatRate(null)).toBe('—')
    expect(formatRate(undefined)).toBe('—')
  })

  it('formats fractions and counts with thousands separators', () => {
    expect(formatFraction({ numerator: 1250, denominator: 40000 })).toBe('1,250 / 40,000')
    expect(formatCount(12345)).toBe('12,345')
    expect(formatCount(null)).toBe('—')
  })

  it('turns rates into chart percentages, keeping gaps', () => {
    expect(ratePercent(0.12345)).toBe(12.35)
    expect(ratePercent(null)).toBeNull()
  })

  it('labels months', () => {
    expect(monthLabel('2025-03')).toBe('2025年3月')
    expect(monthLabel('2025-11', true)).toBe('25年11月')
    expect(monthLabel('bad')).toBe('bad')
  })

  it('lists recent months in Asia/Shanghai, across a year boundary', () => {
    // 2026-01-31 17:00 UTC is already 1 February in Shanghai.
    expect(recentMonths(new Date('2026-01-31T17:00:00Z'), 3)).toEqual(['2026-02', '2026-01', '2025-12'])
    expect(recentMonths(new Date('2026-01-15T00:00:00Z'), 2)).toEqual(['2026-01', '2025-12'])
  })

  it('summarises counts per tier, leaving zeros out', () => {
    expect(tierBreakdown(tiers(1, 0, 10, 6, 2))).toBe('A 1 · C 10 · D 6 · 未分级 2')
    expect(tierBreakdown(tiers(0, 0, 0, 0, 0))).toBe('—')
  })

  it('flags A/B churn at or above 10%', () => {
    expect(churnABAlert(0.1)).toBe(true)
    expect(churnABAlert(0.0999)).toBe(false)
    expect(churnABAlert(null)).toBe(false)
  })

  it('builds movement matrix rows with totals', () => {
    const counts = { A: tiers(1, 1, 0, 0, 0), B: tiers(0, 2, 1, 0, 0), C: tiers(0, 0, 5, 0, 1), D: tiers(0, 0, 0, 3, 0), none: tiers(0, 0, 1, 0, 0) }
    const rows = movementRows(counts)
    expect(rows.map((r) => r.from)).toEqual(['A', 'B', 'C', 'D', 'none'])
    expect(rows[1]).toEqual({ from: 'B', cells: [0, 2, 1, 0, 0], total: 3 })
    expect(rows[2].total).toBe(6)
  })
})

describe('KPI cards', () => {
  const described = { label: 'L', hint: 'H' }
  const kpis: KpiValues = {
    bindingRate: { ...ratio(0.5, 10, 20), ...described, label: '绑定率', boundCustomers: 10, newBindings: 2 },
    returnRate: { ...ratio(0.25, 1, 4), ...described, label: '回厂率', due: 4, pending: 1 },
    retention: {
      ...ratio(0.8, 8, 10),
      ...described,
      byTier: { A: ratio(1, 1, 1), B: ratio(1, 1, 1), C: ratio(1, 1, 1), D: ratio(1, 1, 1), none: ratio(null, 0, 0) }
    },
    churn: {
      ...ratio(0.2, 2, 10),
      ...described,
      byTier: { A: ratio(0, 0, 1), B: ratio(0, 0, 1), C: ratio(0, 0, 1), D: ratio(0, 0, 1), none: ratio(null, 0, 0) }
    },
    churnAB: { ...ratio(0.125, 1, 8), ...described, label: 'A/B类客户流失率' },
    atRisk: { ...described, count: 3, byTier: tiers(1, 2, 0, 0, 0) },
    lost: { ...described, count: 1, byTier: tiers(0, 0, 1, 0, 0) },
    repeatVisitRate: { ...ratio(null, 0, 0), ...described },
    prospectConversion: { ...ratio(null, 0, 0), ...described },
    tierDistribution: { ...described, counts: tiers(1, 3, 10, 6, 0), source: 'current' },
    tierMovement: { ...described, available: false, matrix: null },
    satisfaction: {
      ...described,
      answers: 0,
      average: null,
      byQuestion: { reception: null, quality: null, timeliness: null, price: null },
      lowScores: 0,
      byAdvisor: [],
      byServiceType: []
    },
    complaintResponse: {
      ...described,
      opened: 0,
      acknowledged: 0,
      resolved: 0,
      avgResponseMinutes: null,
      avgResolutionMinutes: null
    }
  }

  it('says satisfaction and complaint times in words, without empty values', () => {
    expect(satisfactionText(kpis.satisfaction)).toBe('暂无答卷')
    expect(satisfactionText({ ...kpis.satisfaction, answers: 3, average: 4.5, lowScores: 1 })).toBe('平均 4.50 分 · 3 份答卷 · 低分 1')
    expect(complaintResponseText(kpis.complaintResponse)).toBe('新增 0 件')
    expect(complaintResponseText({ ...kpis.complaintResponse, opened: 2, avgResponseMinutes: 35.5, avgResolutionMinutes: 300 })).toBe(
      '新增 2 件 · 平均受理 35.5 分钟 · 平均解决 300 分钟'
    )
  })

  it('lists the headline KPIs in order with values and details', () => {
    const cards = kpiCards(kpis)
    expect(cards.map((c) => c.key)).toEqual(['bindingRate', 'returnRate', 'retention', 'churn', 'churnAB', 'atRisk', 'lost', 'repeatVisitRate'])
    expect(cards[0]).toMatchObject({ label: '绑定率', value: '50%', detail: '10 / 20 · 本期新绑定 2' })
    expect(cards[1].detail).toBe('1 / 4 · 应回厂 4，待观察 1')
    expect(cards[5]).toMatchObject({ value: '3', detail: 'A 1 · B 2' })
    expect(cards[7].value).toBe('—')
  })

  it('always highlights A/B churn, red over the alert line', () => {
    expect(kpiCards(kpis).find((c) => c.key === 'churnAB')?.tone).toBe('alert')
    const low = { ...kpis, churnAB: { ...kpis.churnAB, value: 0.05 } }
    expect(kpiCards(low).find((c) => c.key === 'churnAB')?.tone).toBe('watch')
  })
})

describe('chart option builders', () => {
  const points = [point('2025-12'), point('2025-11', { churnAB: ratio(null, 0, 0), tierMovement: null })]

  it('sorts the series oldest first and labels months across years', () => {
    expect(chronological(points).map((p) => p.month)).toEqual(['2025-11', '2025-12'])
    const option = rateTrendOption([point('2025-12'), point('2026-01')])
    expect((option.xAxis as { data: string[] }).data).toEqual(['25年12月', '26年1月'])
    const sameYear = rateTrendOption(points)
    expect((sameYear.xAxis as { data: string[] }).data).toEqual(['11月', '12月'])
  })

  it('draws five rate lines in percent with A/B churn highlighted and gaps for nulls', () => {
    const option = rateTrendOption(points, { bindingRate: '绑定率X' })
    const series = option.series as Array<{ name: string; data: Array<number | null>; lineStyle: { width: number; color: string } }>
    expect(series.map((s) => s.name)).toEqual(['绑定率X', '回厂率', '保有率', '流失率', 'A/B类客户流失率'])
    expect(series[0].data).toEqual([50, 50])
    expect(series[4].data).toEqual([null, 12.5])
    expect(series[4].lineStyle.width).toBeGreaterThan(series[0].lineStyle.width)
    expect(series[4].lineStyle.color).toBe('#e5483d')
  })

  it('plots at-risk and lost counts', () => {
    const series = riskTrendOption(points).series as Array<{ type: string; data: number[] }>
    expect(series.map((s) => s.type)).toEqual(['bar', 'bar'])
    expect(series[0].data).toEqual([3, 3])
    expect(series[1].data).toEqual([1, 1])
  })

  it('stacks the tier distribution with A on top', () => {
    const series = tierDistributionOption(points).series as Array<{ name: string; stack: string; data: number[] }>
    expect(series.map((s) => s.name)).toEqual(['未分级', 'D类', 'C类', 'B类', 'A类'])
    expect(series.every((s) => s.stack === 'tiers')).toBe(true)
    expect(series[4].data).toEqual([1, 1])
  })

  it('draws upgrades up and downgrades down, with gaps for months without two runs', () => {
    const series = tierMovementOption(points).series as Array<{ name: string; data: Array<number | null> }>
    expect(series[0]).toMatchObject({ name: '升级', data: [null, 2] })
    expect(series[1]).toMatchObject({ name: '降级', data: [null, -1] })
  })

  it('knows when a chart has nothing to show', () => {
    const empty = point('2025-10', {
      bindingRate: ratio(null, 0, 0),
      returnRate: { ...ratio(null, 0, 0), due: 0, pending: 0 },
      retention: ratio(null, 0, 0),
      churn: ratio(null, 0, 0),
      churnAB: ratio(null, 0, 0),
      tierDistribution: tiers(0, 0, 0, 0, 0),
      tierMovement: null
    })
    expect(hasData([empty], 'rates')).toBe(false)
    expect(hasData([empty], 'tiers')).toBe(false)
    expect(hasData([empty], 'movement')).toBe(false)
    expect(hasData(points, 'rates')).toBe(true)
    expect(hasData(points, 'movement')).toBe(true)
  })
})
