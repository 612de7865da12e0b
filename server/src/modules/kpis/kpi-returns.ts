import {
  intervalsFor,
  maintenanceCycles,
  vehicleOdometer,
  type DueSettings,
  type FleetAverages
} from '@dealer/shared/domain/due';
import { vehicleDueInput, type DueInputVehicle } from '../due/due-inputs';
import { dayOf, isoOf, upperBound, type Day } from './kpi-days';
import type { KpiDataset } from './kpi-dataset';

/**
 * Return rate (回厂率), docs/metrics.md §2, on the due engine's definition: a vehicle's due
 * events are the cycles of its maintenance clock (`maintenanceCycles`, as the stored due
 * events and the reminders use it) that were not serviced early (`supersededOn === null`),
 * each due on the earlier of its time and mileage due days, with the odometer as of the last
 * "as of" day. The event is returned when the vehicle has a paid record on a day p with
 * D ≤ p ≤ D + windowDays.
 */

export interface DueEvents {
  due: Int32Array;
  /** First paid day on or after the due day, or -1. */
  firstPaid: Int32Array;
  size: number;
}

/** The due engine's settings and series averages of the dealership (modules/due). */
export interface ReturnSettings {
  engine: DueSettings;
  fleet: FleetAverages;
}

const UNKNOWN_VEHICLE: DueInputVehicle = { series: null, usage: null, deliveryDate: null };

/** Every due event with a due day in [from, to], computed once for all periods of a request. */
export function collectDueEvents(data: KpiDataset, settings: ReturnSettings, from: Day, to: Day): DueEvents {
  const due: number[] = [];
  const firstPaid: number[] = [];
  const through = isoOf(data.through);
  const empty: Day[] = [];

  const visit = (vehicleId: string) => {
    const vehicle = data.dueVehicles.get(vehicleId) ?? UNKNOWN_VEHICLE;
    const input = vehicleDueInput(
      vehicle,
      data.dueRecords.get(vehicleId) ?? [],
      data.dueBookings.get(vehicleId) ?? []
    );
    const context = { today: through, settings: settings.engine, fleet: settings.fleet };
    const { timeline } = vehicleOdometer(input, context);
    const cycles = maintenanceCycles(input, intervalsFor(settings.engine, input.series), timeline, through);
    const paid = data.vehicleTracks.get(vehicleId)?.paid ?? empty;
    for (const cycle of cycles) {
      if (cycle.supersededOn !== null) continue;
      const d = dayOf(cycle.dueDate);
      if (d < from || d > to) continue;
      const j = upperBound(paid, d - 1);
      due.push(d);
      firstPaid.push(j < paid.length ? paid[j] : -1);
    }
  };

  for (const vehicleId of data.deliveries.keys()) visit(vehicleId);
  for (const vehicleId of data.dueRecords.keys()) if (!data.deliveries.has(vehicleId)) visit(vehicleId);
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
