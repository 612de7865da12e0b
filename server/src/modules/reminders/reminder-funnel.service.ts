import type { AdvisorFunnelRow, ReminderFunnelResponse } from '@dealer/shared';
import { clock, shanghaiDate } from '../../lib/clock';
import { notFound, unprocessable } from '../../lib/errors';
import { loadSettings } from '../dealerships/dealership.service';
import { judgeEvents, tally, type EventVerdict } from './reminder-funnel-evaluate';
import { isStaffOf, loadFunnelData, staffNames } from './reminder-funnel-load';
import { presentUplift } from './reminder-uplift.present';

/**
 * Reminder results of one dealership (docs/reminders.md "Funnel and uplift"): the maintenance
 * due events of a period, through due → reminded → booked → arrived → returned, the control
 * group beside them, the uplift, and the same per advisor.
 */

export interface FunnelRequest {
  dealershipId: string;
  /** Due days, both inclusive. */
  from: string;
  to: string;
  advisorId?: string;
}

const UNASSIGNED = '未分配顾问';

function advisorRows(verdicts: readonly EventVerdict[], names: Map<string, string>): AdvisorFunnelRow[] {
  const groups = new Map<string | null, EventVerdict[]>();
  for (const v of verdicts) {
    const list = groups.get(v.event.advisorId);
    if (list) list.push(v);
    else groups.set(v.event.advisorId, [v]);
  }
  const rows = [...groups].map(([advisorId, list]) => ({
    advisorId,
    advisorName: advisorId === null ? UNASSIGNED : (names.get(advisorId) ?? '已离职顾问'),
    ...tally(list)
  }));
  const size = (r: AdvisorFunnelRow) => r.funnel.due + r.control.due;
  return rows.sort((a, b) => size(b) - size(a) || a.advisorName.localeCompare(b.advisorName, 'zh-Hans-CN'));
}

export async function reminderFunnel(request: FunnelRequest): Promise<ReminderFunnelResponse> {
  const { dealershipId, from, to } = request;
  const today = shanghaiDate(clock.now());
  if (from > today) throw unprocessable('PERIOD_IN_FUTURE', '统计期间尚未开始');
  const advisorId = request.advisorId ?? null;
  if (advisorId && !(await isStaffOf(dealershipId, advisorId))) throw notFound('顾问', 'ADVISOR_NOT_FOUND');

  // Results as they stand today: a past period's vehicles keep their window to the end.
  const asOf = today;
  const settings = await loadSettings(dealershipId);
  const returnWindowDays = settings.kpis.returnWindowDays;
  const [data, names] = await Promise.all([
    loadFunnelData({ dealershipId, from, to, advisorId }),
    staffNames(dealershipId)
  ]);
  const verdicts = judgeEvents(data, { returnWindowDays, asOf });
  const { funnel, control } = tally(verdicts);
  return {
    dealershipId,
    period: { from, to, asOf },
    returnWindowDays,
    advisorId,
    funnel,
    control,
    uplift: presentUplift(funnel, control),
    advisors: advisorRows(verdicts, names)
  };
}
