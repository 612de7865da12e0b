import { addMonths, type IsoDate } from '../dates';
import type { OdometerTimeline } from './odometer';
import type { MaintenanceInterval } from './settings';
import type { DueBasis, MaintenanceVisit } from './types';

export type MaintenanceType = 'first_maintenance' | 'regular_maintenance';

/** One turn of the maintenance clock: from an anchor (delivery or a 首保/定保 visit) to its due day. */
export interface MaintenanceCycle {
  type: MaintenanceType;
  anchor: IsoDate;
  /** Odometer at the anchor (read, or estimated; whole km); null when nothing tells. */
  anchorKm: number | null;
  /** Anchor + the interval's months. */
  timeDueDate: IsoDate;
  /** Anchor odometer + the interval's km (whole km); null when the anchor odometer is unknown. */
  dueMileage: number | null;
  /** The day the odometer reaches dueMileage; null when unknown or the car stands still. */
  mileageDueDate: IsoDate | null;
  mileageObserved: boolean;
  /** The earlier of the two; the time rule wins a tie. Never before the anchor. */
  dueDate: IsoDate;
  basis: DueBasis;
  /** The next anchor, when it came before dueDate: serviced early, this cycle never fell due. */
  supersededOn: IsoDate | null;
}

interface Anchor {
  date: IsoDate;
  type: MaintenanceType;
}

/**
 * The clock's anchors up to `through`: every maintenance day, plus the delivery day (first
 * maintenance) unless a maintenance visit was on that very day.
 */
function anchorsThrough(
  deliveryDate: IsoDate | null,
  visits: readonly MaintenanceVisit[],
  through: IsoDate
): Anchor[] {
  const days = new Set(visits.map((v) => v.date).filter((d) => d <= through));
  const anchors: Anchor[] = [...days].map((date) => ({ date, type: 'regular_maintenance' }));
  if (deliveryDate !== null && deliveryDate <= through && !days.has(deliveryDate)) {
    anchors.push({ date: deliveryDate, type: 'first_maintenance' });
  }
  return anchors.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

function cycleFrom(
  anchor: Anchor,
  interval: MaintenanceInterval,
  timeline: OdometerTimeline
): Omit<MaintenanceCycle, 'supersededOn'> {
  const timeDueDate = addMonths(anchor.date, interval.months);
  const anchorKm = timeline.kmAt(anchor.date);
  // Projected on the unrounded odometer, so that a faster car is never due later by a rounding.
  const crossing =
    anchorKm === null
      ? null
      : timeline.dateReaching(anchorKm + interval.km, { date: anchor.date, km: anchorKm });
  const byMileage = crossing !== null && crossing.date < timeDueDate;
  return {
    type: anchor.type,
    anchor: anchor.date,
    anchorKm: anchorKm === null ? null : Math.round(anchorKm),
    timeDueDate,
    dueMileage: anchorKm === null ? null : Math.round(anchorKm + interval.km),
    mileageDueDate: crossing?.date ?? null,
    mileageObserved: crossing?.observed ?? false,
    dueDate: byMileage ? crossing.date : timeDueDate,
    basis: byMileage ? 'mileage' : 'time'
  };
}

/**
 * Every cycle of a vehicle's maintenance clock with an anchor on or before `through`, oldest
 * first. "Due = last maintenance + interval, by time or mileage, whichever first": a cycle
 * whose next anchor comes before its due day was serviced early and never fell due; the
 * last cycle is the one running now. The return-rate KPI counts the cycles that were not
 * superseded; reminders look at the last one.
 */
export function maintenanceCycles(
  vehicle: { deliveryDate: IsoDate | null; maintenanceVisits: readonly MaintenanceVisit[] },
  intervals: { firstMaintenance: MaintenanceInterval; regularMaintenance: MaintenanceInterval },
  timeline: OdometerTimeline,
  through: IsoDate
): MaintenanceCycle[] {
  const anchors = anchorsThrough(vehicle.deliveryDate, vehicle.maintenanceVisits, through);
  return anchors.map((anchor, k) => {
    const interval =
      anchor.type === 'first_maintenance' ? intervals.firstMaintenance : intervals.regularMaintenance;
    const cycle = cycleFrom(anchor, interval, timeline);
    const next = anchors[k + 1];
    return { ...cycle, supersededOn: next !== undefined && next.date < cycle.dueDate ? next.date : null };
  });
}
