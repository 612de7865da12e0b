import type { ControlStages, FunnelStages, ReminderFunnelResponse } from '@dealer/shared';
import { FUNNEL_STAGE_LABELS } from '@dealer/shared';
import { csvCell } from '../customers/customer-export';
import { csvDocument, percentText } from '../kpis/kpi-csv';

/**
 * The funnel as CSV for Excel (UTF-8 with BOM, CRLF, like the KPI export): one row for the
 * whole dealership (全部) and one per advisor, then the period and the uplift sentence.
 */

const rateText = (s: { returned: number; missed: number }) =>
  percentText({ value: null, numerator: s.returned, denominator: s.returned + s.missed });

const HEADER = [
  '顾问',
  `${FUNNEL_STAGE_LABELS.due}车辆`,
  FUNNEL_STAGE_LABELS.reminded,
  FUNNEL_STAGE_LABELS.booked,
  FUNNEL_STAGE_LABELS.arrived,
  FUNNEL_STAGE_LABELS.returned,
  '未回厂',
  '待定',
  '提醒组回厂率',
  '对照组到期',
  '对照组已回厂',
  '对照组未回厂',
  '对照组待定',
  '对照组回厂率'
];

function row(name: string, f: FunnelStages, c: ControlStages): string[] {
  const counts = [f.due, f.reminded, f.booked, f.arrived, f.returned, f.missed, f.pending].map(String);
  return [
    csvCell(name),
    ...counts,
    rateText(f),
    ...[c.due, c.returned, c.missed, c.pending].map(String),
    rateText(c)
  ];
}

export function funnelCsv(result: ReminderFunnelResponse): string {
  const { period } = result;
  return csvDocument([
    HEADER,
    row('全部', result.funnel, result.control),
    ...result.advisors.map((a) => row(a.advisorName, a.funnel, a.control)),
    [],
    [
      '统计期间',
      csvCell(
        `到期日 ${period.from} 至 ${period.to}，统计至 ${period.asOf}，回厂窗口 ${result.returnWindowDays} 天`
      )
    ],
    ['提醒效果', csvCell(result.uplift.sentence)]
  ]);
}
