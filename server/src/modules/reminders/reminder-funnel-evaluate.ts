import { addDays } from '@dealer/shared/domain';
import type { ControlStages, FunnelStages } from '@dealer/shared';
import type { FunnelData, FunnelEvent, VehicleBooking, VehicleVisit } from './reminder-funnel-load';

/**
 * The funnel's rules (docs/reminders.md "Funnel and uplift"), from loaded data to counts.
 * Window of an event: remindFrom … dueDate + returnWindowDays (the KPI's return window, whose
 * day `returnWindowDays` still counts), seen as of `asOf`.
 */

export type Outcome = 'returned' | 'missed' | 'pending';

export interface EventVerdict {
  event: FunnelEvent;
  reminded: boolean;
  booked: boolean;
  arrived: boolean;
  outcome: Outcome;
}

export interface FunnelRules {
  returnWindowDays: number;
  asOf: string;
}

const ARRIVED_STATUSES = new Set(['arrived', 'served']);
const NONE: never[] = [];

/**
 * Serviced (首保/定保, paid or not) after its anchor but before the reminder window opened:
 * the clock restarted before anyone could be reminded, so the event belongs to neither group.
 */
function supersededBeforeWindow(event: FunnelEvent, visits: readonly VehicleVisit[]): boolean {
  return visits.some((v) => v.serviceDate > event.occurrence && v.serviceDate < event.remindFrom);
}

function outcomeOf(event: FunnelEvent, visits: readonly VehicleVisit[], rules: FunnelRules): Outcome {
  const windowEnd = addDays(event.dueDate, rules.returnWindowDays);
  const last = windowEnd < rules.asOf ? windowEnd : rules.asOf;
  if (visits.some((v) => v.paid && v.serviceDate >= event.remindFrom && v.serviceDate <= last))
    return 'returned';
  return windowEnd <= rules.asOf ? 'missed' : 'pending';
}

function bookingsInWindow(event: FunnelEvent, bookings: readonly VehicleBooking[], rules: FunnelRules) {
  const windowEnd = addDays(event.dueDate, rules.returnWindowDays);
  const last = windowEnd < rules.asOf ? windowEnd : rules.asOf;
  return bookings.filter((b) => b.createdOn >= event.remindFrom && b.createdOn <= last);
}

/** Every event of the cohort with its stages; events serviced before their window are left out. */
export function judgeEvents(data: FunnelData, rules: FunnelRules): EventVerdict[] {
  const verdicts: EventVerdict[] = [];
  for (const event of data.events) {
    const visits = data.maintenanceVisits.get(event.vehicleId) ?? NONE;
    if (supersededBeforeWindow(event, visits)) continue;
    const reminded = !event.controlGroup && data.reminded.has(event.id);
    const bookings = reminded
      ? bookingsInWindow(event, data.bookings.get(event.vehicleId) ?? NONE, rules)
      : NONE;
    verdicts.push({
      event,
      reminded,
      booked: bookings.length > 0,
      arrived: bookings.some((b) => ARRIVED_STATUSES.has(b.status)),
      outcome: outcomeOf(event, visits, rules)
    });
  }
  return verdicts;
}

const rate4 = (returned: number, missed: number) =>
  returned + missed === 0 ? null : Math.round((returned / (returned + missed)) * 10_000) / 10_000;

/** The reminded column and the control column of a set of verdicts. */
export function tally(verdicts: readonly EventVerdict[]): { funnel: FunnelStages; control: ControlStages } {
  const f = { due: 0, reminded: 0, booked: 0, arrived: 0, returned: 0, missed: 0, pending: 0 };
  const c = { due: 0, returned: 0, missed: 0, pending: 0 };
  for (const v of verdicts) {
    if (v.event.controlGroup) {
      c.due += 1;
      c[v.outcome] += 1;
      continue;
    }
    f.due += 1;
    if (!v.reminded) continue;
    f.reminded += 1;
    if (v.booked) f.booked += 1;
    if (v.arrived) f.arrived += 1;
    f[v.outcome] += 1;
  }
  return {
    funnel: { ...f, returnRate: rate4(f.returned, f.missed) },
    control: { ...c, returnRate: rate4(c.returned, c.missed) }
  };
}
