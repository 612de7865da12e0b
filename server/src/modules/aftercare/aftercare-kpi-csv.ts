import type { AftercareKpiResponse, ComplaintFigures, SatisfactionFigures } from '@dealer/shared';
import { csvCell } from '../customers/customer-export';
import { csvDocument } from '../kpis/kpi-csv';

/**
 * The aftercare KPIs as CSV for Excel (UTF-8 with BOM, CRLF, like the KPI export): one row
 * per month (satisfaction and complaint handling), one for the whole range, then one per
 * advisor and per service type over the range. Empty cells: nothing to average.
 */

const HEADER = [
  '统计期间',
  '维度',
  '名称',
  '答卷数',
  '平均满意度（1–5）',
  '接待服务',
  '维修质量',
  '交车及时',
  '价格合理',
  '低分答卷数',
  '新增投诉数',
  '已受理数',
  '平均受理时长（分钟）',
  '已解决数',
  '平均解决时长（分钟）'
];

const optional = (value: number | null | undefined) =>
  value === null || value === undefined ? '' : String(value);

function wholeRow(period: string, name: string, s: SatisfactionFigures, c: ComplaintFigures): string[] {
  const q = s.byQuestion;
  return [
    period,
    name === '全店' ? '合计' : '月份',
    name,
    String(s.answers),
    optional(s.average),
    optional(q.reception),
    optional(q.quality),
    optional(q.timeliness),
    optional(q.price),
    String(s.lowScores),
    String(c.opened),
    String(c.acknowledged),
    optional(c.avgResponseMinutes),
    String(c.resolved),
    optional(c.avgResolutionMinutes)
  ];
}

const groupRow = (
  period: string,
  dimension: string,
  name: string,
  g: { answers: number; average: number | null }
) => [
  period,
  dimension,
  csvCell(name),
  String(g.answers),
  optional(g.average),
  ...Array<string>(HEADER.length - 5).fill('')
];

export function aftercareKpiCsv(report: AftercareKpiResponse): string {
  const range = `${report.from}至${report.to}`;
  const s = report.range.satisfaction;
  return csvDocument([
    HEADER,
    ...report.months.map((m) => wholeRow(m.month, m.month, m.satisfaction, m.complaints)),
    wholeRow(range, '全店', s, report.range.complaints),
    ...s.byAdvisor.map((a) => groupRow(range, '服务顾问', a.name, a)),
    ...s.byServiceType.map((t) => groupRow(range, '服务类型', t.label, t))
  ]);
}
