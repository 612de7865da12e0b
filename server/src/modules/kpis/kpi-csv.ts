import { KPI_LABELS, TIER_KEYS, TIER_KEY_LABELS, type KpiRatio, type KpiTrendPoint } from '@dealer/shared';

/** The monthly series as CSV for Excel: UTF-8 with a byte-order mark, CRLF, one row per month. */

const BOM = '\uFEFF';

/** Rows of already-escaped cells as a CSV document Excel opens as UTF-8: BOM, CRLF after every row. */
export function csvDocument(rows: readonly (readonly string[])[]): string {
  return BOM + rows.map((cells) => `${cells.join(',')}\r\n`).join('');
}

/** 66.7% — from the exact counts, not the rounded rate; empty when there is nothing to divide by. */
export function percentText(r: KpiRatio): string {
  return r.denominator === 0 ? '' : `${((r.numerator / r.denominator) * 100).toFixed(1)}%`;
}

const optional = (value: number | null) => (value === null ? '' : String(value));

const COLUMNS: Array<[string, (p: KpiTrendPoint) => string]> = [
  ['月份', (p) => p.month],
  ['统计截至', (p) => p.asOf],
  [KPI_LABELS.bindingRate, (p) => percentText(p.bindingRate)],
  [KPI_LABELS.returnRate, (p) => percentText(p.returnRate)],
  ['到期保养车辆数', (p) => String(p.returnRate.due)],
  [KPI_LABELS.retention, (p) => percentText(p.retention)],
  [KPI_LABELS.churn, (p) => percentText(p.churn)],
  [KPI_LABELS.churnAB, (p) => percentText(p.churnAB)],
  [KPI_LABELS.atRisk, (p) => String(p.atRisk)],
  [KPI_LABELS.lost, (p) => String(p.lost)],
  [KPI_LABELS.repeatVisitRate, (p) => percentText(p.repeatVisitRate)],
  [KPI_LABELS.prospectConversion, (p) => percentText(p.prospectConversion)],
  ...TIER_KEYS.map((k): [string, (p: KpiTrendPoint) => string] => [
    `${TIER_KEY_LABELS[k]}客户数`,
    (p) => String(p.tierDistribution[k])
  ]),
  ['等级上升人数', (p) => (p.tierMovement ? String(p.tierMovement.upgraded) : '')],
  ['等级下降人数', (p) => (p.tierMovement ? String(p.tierMovement.downgraded) : '')],
  [`${KPI_LABELS.satisfaction}（平均分）`, (p) => optional(p.satisfaction.average)],
  ['满意度答卷数', (p) => String(p.satisfaction.answers)],
  ['新增投诉数', (p) => String(p.complaintResponse.opened)],
  ['平均受理时长（分钟）', (p) => optional(p.complaintResponse.avgResponseMinutes)],
  ['平均解决时长（分钟）', (p) => optional(p.complaintResponse.avgResolutionMinutes)]
];

export function trendCsv(points: readonly KpiTrendPoint[]): string {
  return csvDocument([
    COLUMNS.map(([title]) => title),
    ...points.map((p) => COLUMNS.map(([, cell]) => cell(p)))
  ]);
}
