import type { ComposeOption } from 'echarts/core'
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts'
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components'
import type { KpiTrendPoint, TierKey } from '../services/api-types'
import { monthLabel, ratePercent } from './kpi'

/**
 * ECharts options for the KPI dashboard, built from the monthly trend (oldest month first).
 * Pure data → option objects; the chart component only renders them.
 */

export type ChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>

export const CHART_COLORS = {
  binding: '#1f5eff',
  return: '#13a8a8',
  retention: '#0b8a4a',
  churn: '#f59a23',
  churnAB: '#e5483d',
  atRisk: '#f5c26b',
  lost: '#8a8f99',
  upgraded: '#0b8a4a',
  downgraded: '#e5483d'
} as const

export const TIER_COLORS: Record<TierKey, string> = { A: '#e5483d', B: '#f59a23', C: '#1f5eff', D: '#8a8f99', none: '#d5d8de' }
const TIER_NAMES: Record<TierKey, string> = { A: 'A类', B: 'B类', C: 'C类', D: 'D类', none: '未分级' }

/** Oldest first, whatever order the API used. */
export function chronological(points: readonly KpiTrendPoint[]): KpiTrendPoint[] {
  return [...points].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0))
}

function axisMonths(points: readonly KpiTrendPoint[]): string[] {
  const years = new Set(points.map((p) => p.month.slice(0, 4)))
  return points.map((p) => (years.size > 1 ? monthLabel(p.month, true) : `${Number(p.month.slice(5))}月`))
}

const baseGrid: GridComponentOption = { left: 8, right: 24, top: 44, bottom: 8, containLabel: true }
const baseLegend: LegendComponentOption = { top: 0, itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 11 } }

/** Binding, return, retention, churn and A/B churn (highlighted: red, thick, with markers) in percent. */
export function rateTrendOption(points: readonly KpiTrendPoint[], labels: Record<string, string> = {}): ChartOption {
  const list = chronological(points)
  const name = (key: string, fallback: string) => labels[key] ?? fallback
  const line = (key: string, fallback: string, color: string, values: Array<number | null>, highlight = false): LineSeriesOption => ({
    type: 'line',
    name: name(key, fallback),
    data: values,
    connectNulls: false,
    smooth: false,
    symbol: highlight ? 'circle' : 'emptyCircle',
    symbolSize: highlight ? 7 : 4,
    lineStyle: { width: highlight ? 3.5 : 1.5, color },
    itemStyle: { color },
    z: highlight ? 10 : 2
  })
  return {
    color: [CHART_COLORS.binding, CHART_COLORS.return, CHART_COLORS.retention, CHART_COLORS.churn, CHART_COLORS.churnAB],
    tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined || v === '-' ? '—' : `${String(v)}%`) },
    legend: baseLegend,
    grid: baseGrid,
    xAxis: { type: 'category', data: axisMonths(list), boundaryGap: false },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      line(
        'bindingRate',
        '绑定率',
        CHART_COLORS.binding,
        list.map((p) => ratePercent(p.bindingRate.value))
      ),
      line(
        'returnRate',
        '回厂率',
        CHART_COLORS.return,
        list.map((p) => ratePercent(p.returnRate.value))
      ),
      line(
        'retention',
        '保有率',
        CHART_COLORS.retention,
        list.map((p) => ratePercent(p.retention.value))
      ),
      line(
        'churn',
        '流失率',
        CHART_COLORS.churn,
        list.map((p) => ratePercent(p.churn.value))
      ),
      line(
        'churnAB',
        'A/B类客户流失率',
        CHART_COLORS.churnAB,
        list.map((p) => ratePercent(p.churnAB.value)),
        true
      )
    ]
  }
}

/** At-risk and lost customer counts per month (bars). */
export function riskTrendOption(points: readonly KpiTrendPoint[], labels: Record<string, string> = {}): ChartOption {
  const list = chronological(points)
  return {
    tooltip: { trigger: 'axis' },
    legend: baseLegend,
    grid: baseGrid,
    xAxis: { type: 'category', data: axisMonths(list) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { type: 'bar', name: labels.atRisk ?? '准流失客户数', data: list.map((p) => p.atRisk), itemStyle: { color: CHART_COLORS.atRisk } },
      { type: 'bar', name: labels.lost ?? '流失客户数', data: list.map((p) => p.lost), itemStyle: { color: CHART_COLORS.lost } }
    ]
  }
}

/** Customers per tier at each month end (stacked bars A on top of… none at the bottom). */
export function tierDistributionOption(points: readonly KpiTrendPoint[]): ChartOption {
  const list = chronological(points)
  const order: TierKey[] = ['none', 'D', 'C', 'B', 'A']
  return {
    tooltip: { trigger: 'axis' },
    legend: { ...baseLegend, data: ['A类', 'B类', 'C类', 'D类', '未分级'] },
    grid: baseGrid,
    xAxis: { type: 'category', data: axisMonths(list) },
    yAxis: { type: 'value', minInterval: 1 },
    series: order.map((tier): BarSeriesOption => ({
      type: 'bar',
      name: TIER_NAMES[tier],
      stack: 'tiers',
      data: list.map((p) => p.tierDistribution[tier]),
      itemStyle: { color: TIER_COLORS[tier] }
    }))
  }
}

/** Upgraded (up) and downgraded (down, drawn below zero) customers per month; months without two runs are gaps. */
export function tierMovementOption(points: readonly KpiTrendPoint[]): ChartOption {
  const list = chronological(points)
  return {
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v) => (v === null || v === undefined || v === '-' ? '无数据' : String(Math.abs(Number(v))))
    },
    legend: baseLegend,
    grid: baseGrid,
    xAxis: { type: 'category', data: axisMonths(list) },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => String(Math.abs(v)) } },
    series: [
      {
        type: 'bar',
        name: '升级',
        stack: 'movement',
        data: list.map((p) => (p.tierMovement ? p.tierMovement.upgraded : null)),
        itemStyle: { color: CHART_COLORS.upgraded }
      },
      {
        type: 'bar',
        name: '降级',
        stack: 'movement',
        data: list.map((p) => (p.tierMovement ? -p.tierMovement.downgraded : null)),
        itemStyle: { color: CHART_COLORS.downgraded }
      }
    ]
  }
}

/** True when the series has at least one month with data for this chart. */
export function hasData(points: readonly KpiTrendPoint[], chart: 'rates' | 'risk' | 'tiers' | 'movement'): boolean {
  switch (chart) {
    case 'rates':
      return points.some((p) => [p.bindingRate, p.returnRate, p.retention, p.churn, p.churnAB].some((r) => r.value !== null))
    case 'risk':
      return points.length > 0
    case 'tiers':
      return points.some((p) => Object.values(p.tierDistribution).some((n) => n > 0))
    case 'movement':
      return points.some((p) => p.tierMovement !== null)
  }
}
