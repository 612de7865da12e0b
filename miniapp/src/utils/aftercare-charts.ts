import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts'
import type { AftercareKpiResponse } from '../services/api-types'
import type { ChartOption } from './kpi-charts'
import { monthLabel } from './kpi'

/**
 * ECharts options for the dashboard's satisfaction and complaint section, built from
 * `/api/aftercare/kpis` (months oldest first). Pure data → option objects.
 */

type Months = AftercareKpiResponse['months']
type RatingGroup = { answers: number; average: number | null }

const grid = { left: 8, right: 24, top: 44, bottom: 8, containLabel: true }
const legend = { top: 0, itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 11 } }
const hours = (minutes: number | null) => (minutes === null ? null : Math.round((minutes / 60) * 10) / 10)

function axisMonths(months: Months): string[] {
  const years = new Set(months.map((m) => m.month.slice(0, 4)))
  return months.map((m) => (years.size > 1 ? monthLabel(m.month, true) : `${Number(m.month.slice(5))}月`))
}

/** Mean rating (1–5) per month as a line, the number of answers as bars on a second axis. */
export function satisfactionTrendOption(months: Months): ChartOption {
  const line: LineSeriesOption = {
    type: 'line',
    name: '平均满意度',
    yAxisIndex: 0,
    data: months.map((m) => m.satisfaction.average),
    connectNulls: false,
    symbol: 'circle',
    symbolSize: 6,
    lineStyle: { width: 3, color: '#1f5eff' },
    itemStyle: { color: '#1f5eff' },
    z: 10
  }
  const bars: BarSeriesOption = {
    type: 'bar',
    name: '答卷数',
    yAxisIndex: 1,
    data: months.map((m) => m.satisfaction.answers),
    itemStyle: { color: '#d5d8de' }
  }
  return {
    tooltip: { trigger: 'axis' },
    legend,
    grid,
    xAxis: { type: 'category', data: axisMonths(months) },
    yAxis: [
      { type: 'value', min: 0, max: 5, interval: 1 },
      { type: 'value', minInterval: 1, splitLine: { show: false } }
    ],
    series: [bars, line]
  }
}

/** Mean hours from opening to the first acknowledgement and to the first resolution, per month. */
export function complaintTimesOption(months: Months): ChartOption {
  const bar = (name: string, color: string, values: Array<number | null>): BarSeriesOption => ({ type: 'bar', name, data: values, itemStyle: { color } })
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined || v === '-' ? '—' : `${String(v)} 小时`) },
    legend,
    grid,
    xAxis: { type: 'category', data: axisMonths(months) },
    yAxis: { type: 'value', axisLabel: { formatter: '{value}h' } },
    series: [
      bar(
        '平均受理时长',
        '#f59a23',
        months.map((m) => hours(m.complaints.avgResponseMinutes))
      ),
      bar(
        '平均解决时长',
        '#e5483d',
        months.map((m) => hours(m.complaints.avgResolutionMinutes))
      )
    ]
  }
}

/** Mean rating per group (advisors, service types) as horizontal bars, "name（n份）" on the axis. */
export function satisfactionGroupsOption(groups: ReadonlyArray<RatingGroup & { name: string }>): ChartOption {
  const list = [...groups].reverse()
  return {
    tooltip: { trigger: 'axis' },
    grid: { ...grid, top: 8 },
    xAxis: { type: 'value', min: 0, max: 5, interval: 1 },
    yAxis: { type: 'category', data: list.map((g) => `${g.name}（${g.answers}份）`) },
    series: [{ type: 'bar', name: '平均满意度', data: list.map((g) => g.average), itemStyle: { color: '#13a8a8' }, label: { show: true, position: 'right' } }]
  }
}

/** Chart height (design px) for `n` horizontal bars. */
export const groupChartHeight = (n: number) => Math.max(200, 80 + n * 64)
