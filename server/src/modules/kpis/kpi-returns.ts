import { addMonthsDay, upperBound, type Day } from './kpi-days';
import type { KpiDataset } from './kpi-dataset';

/**
 * Return rate (回厂率), docs/metrics.md §2. A vehicle's maintenance clock is anchored on its
 * delivery day (next due `firstMonths` later) and on every day with a 首保/定保 record, paid or
 * not (next due `regularMonths` later). Anchor a with due day D = a + interval is a due
 * event iff no later anchor falls before D ("due = last maintenance + interval": a vehicle
 * serviced early is simply not due then). The event is returned when the vehicle has a paid
 * record on a day p with D ≤ p ≤ D + windowDays.
 */

export interface DueEvents {
  due: Int32Array;
  /** First paid day on or after the due day, or -1. */
  firstPaid: Int32Array;
  size: number;
}

export interface ReturnSettings {
  firstMonths: number;
  regularMonths: number;
}

/** Every due event with a due day in [from, to], computed once for all periods of a request. */
export function collectDueEvents(data: KpiDataset, settings: ReturnSettings, from: Day, to: Day): DueEvents {
  const due: number[] = [];
  const firstPaid: number[] = [];
  const plus = new Map<number, Map<Day, Day>>();
  const dueOf = (anchor: Day, months: number): Day => {
    let cache = plus.get(months);
    if (!cache) plus.set(months, (cache = new Map()));
    let d = cache.get(anchor);
    if (d === undefined) cache.set(anchor, (d = addMonthsDay(anchor, months)));
    return d;
  };
  const empty: Day[] = [];

  const visit = (vehicleId: string) => {
    const track = data.vehicleTracks.get(vehicleId);
    const maintenance = track?.maintenance ?? empty;
    const paid = track?.paid ?? empty;
    const delivery = data.deliveries.get(vehicleId);
    const anchors: Array<[Day, number]> = maintenance.map((d): [Day, number] => [d, settings.regularMonths]);
    if (delivery !== undefined) {
      // A maintenance record on the delivery day replaces the delivery anchor.
      const at = upperBound(maintenance, delivery);
      if (at === 0 || maintenance[at - 1] !== delivery)
        anchors.splice(at, 0, [delivery, settings.firstMonths]);
    }
    for (let k = 0; k < anchors.length; k++) {
      const [anchor, months] = anchors[k];
      const d = dueOf(anchor, months);
      if (d < from || d > to) continue;
      if (k + 1 < anchors.length && anchors[k + 1][0] < d) continue;
      const j = upperBound(paid, d - 1);
      due.push(d);
      firstPaid.push(j < paid.length ? paid[j] : -1);
    }
  };

  for (const vehicleId of data.deliveries.keys()) visit(vehicleId);
  for (const vehicleId of data.vehicleTracks.keys()) if (!data.deliveries.has(vehicleId)) visit(vehicleId);
  return { due: Int32Array.from(due), firstPaid: Int32Array.from(firstPaid), size: due.length };
}

export interface ReturnCounts {
  /** Due events with a due day in the period. */
  due: number;
  returned: number;
  /** Window closed by `asOf` without a paid visit. */
  missed: number;
  /** Window still open at `asOf` and no paid visit yet: left out of the rate. */
  pending: number;
}

export function returnCounts(
  events: DueEvents,
  from: Day,
  to: Day,
  asOf: Day,
  windowDays: number
): ReturnCounts {
  const counts: ReturnCounts = { due: 0, returned: 0, missed: 0, pending: 0 };
  for (let k = 0; k < events.size; k++) {
    const d = events.due[k];
    if (d < from || d > to) continue;
    counts.due += 1;
    const p = events.firstPaid[k];
    const windowEnd = d + windowDays;
    if (p >= 0 && p <= windowEnd && p <= asOf) counts.returned += 1;
    else if (windowEnd <= asOf) counts.missed += 1;
    else counts.pending += 1;
  }
  return counts;
}
