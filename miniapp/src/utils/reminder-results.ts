import type { BarSeriesOption } from 'echarts/charts'
import { FUNNEL_STAGE_KEYS, FUNNEL_STAGE_LABELS } from '@dealer/shared/labels/reminders'
import type { ControlStages, FunnelStages, UpliftView } from '../services/api-types'
import type { ChartOption } from './kpi-charts'

/** Pure helpers of the reminder results page: periods, the funnel chart, the interval drawing. */

/** First and last day of the month `YYYY-MM`. */
export function monthPeriod(month: string): { from: string; to: string } {
  const [year, mm] = month.split('-').map(Number)
  const last = new Date(Date.UTC(year, mm, 0)).getUTCDate()
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` }
}

const REMINDED_COLOR = '#1f5eff'
const CONTROL_COLOR = '#8a8f99'

/** Bars per stage: the reminded column through all five stages, the control group at due and returned only. */
export function funnelChartOption(funnel: FunnelStages, control: ControlStages): ChartOption {
  const controlValue = (key: (typeof FUNNEL_STAGE_KEYS)[number]) => (key === 'due' ? control.due : key === 'returned' ? control.returned : null)
  const bars = (name: string, color: string, data: Array<number | null>): BarSeriesOption => ({
    type: 'bar',
    name,
    data,
    barMaxWidth: 36,
    itemStyle: { color },
    label: { show: true, position: 'top', fontSize: 11 }
  })
  return {
    color: [REMINDED_COLOR, CONTROL_COLOR],
    tooltip: { trigger: 'axis' },
    legend: { top: 0, itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 11 } },
    grid: { left: 8, right: 16, top: 44, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: FUNNEL_STAGE_KEYS.map((key) => FUNNEL_STAGE_LABELS[key]) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      bars(
        '提醒组',
        REMINDED_COLOR,
        FUNNEL_STAGE_KEYS.map((key) => funnel[key])
      ),
      bars('对照组', CONTROL_COLOR, FUNNEL_STAGE_KEYS.map(controlValue))
    ]
  }
}

/** Positions (0–100 % of the track) of the interval, the estimate and zero, on a scale around them. */
export interface IntervalDrawing {
  low: number
  high: number
  point: number
  zero: number
  /** Scale ends in percentage points, for the axis labels. */
  min: number
  max: number
}

export function intervalDrawing(uplift: UpliftView): IntervalDrawing | null {
  if (uplift.difference === null || uplift.interval === null) return null
  const pts = (f: number) => f * 100
  const low = pts(uplift.interval.low)
  const high = pts(uplift.interval.high)
  const point = pts(uplift.difference)
  const span = Math.max(high, 0) - Math.min(low, 0)
  const pad = Math.max(span * 0.1, 2)
  const min = Math.floor(Math.min(low, 0) - pad)
  const max = Math.ceil(Math.max(high, 0) + pad)
  const at = (v: number) => ((v - min) / (max - min)) * 100
  return { low: at(low), high: at(high), point: at(point), zero: at(0), min, max }
}

/** 0.08 → `+8.0`; −0.061 → `-6.1` (percentage points). */
export function signedPoints(fraction: number): string {
  const text = (fraction * 100).toFixed(1)
  if (text === '0.0' || text === '-0.0') return '0.0'
  return fraction > 0 ? `+${text}` : text
}
