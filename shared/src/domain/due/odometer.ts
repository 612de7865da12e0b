import { addDays, daysBetween, isIsoDate, type IsoDate } from '../dates';
import { lastOf } from './last';
import type { FlaggedReading, MaintenanceVisit, MileageReading, ReadingSource } from './types';

/** An applied odometer observation; 'delivery' is the implied 0 km of a car sold new. */
export interface OdometerPoint {
  date: IsoDate;
  km: number;
  source: ReadingSource | 'delivery';
}

/** Division noise (5000 / (5000 / 117) = 117.00000000000001) must not add a day. */
const EPSILON = 1e-9;

export interface AcceptedReadings {
  /** Sorted by day; km never decreases along the list. */
  points: OdometerPoint[];
  flagged: FlaggedReading[];
}

function flagOf(reading: MileageReading, today: IsoDate): FlaggedReading | null {
  if (!Number.isFinite(reading.km) || reading.km < 0 || !isIsoDate(reading.date)) {
    return { reading, reason: 'invalid_value', previousKm: null };
  }
  if (reading.date > today) return { reading, reason: 'future_date', previousKm: null };
  return null;
}

/**
 * Applies readings in the order they were observed. An odometer never goes backwards, so a
 * reading lower than one already applied on or before its day is flagged, not applied (the
 * lower of two same-day readings is simply the earlier one). Readings after `today` and
 * impossible values are flagged too. Repair-order odometers of maintenance visits count as
 * readings; with `deliveryIsZeroKm`, so does 0 km on the delivery day, unless a reading is
 * older than the delivery (the car had a life before this owner).
 */
export function acceptReadings(
  readings: readonly MileageReading[],
  visits: readonly MaintenanceVisit[],
  options: { today: IsoDate; deliveryDate: IsoDate | null; deliveryIsZeroKm: boolean }
): AcceptedReadings {
  const flagged: FlaggedReading[] = [];
  const candidates: OdometerPoint[] = [];
  const visitReadings = visits.flatMap((v): MileageReading[] =>
    v.km === null ? [] : [{ km: v.km, date: v.date, source: 'repair_order' }]
  );
  for (const reading of [...readings, ...visitReadings]) {
    const flag = flagOf(reading, options.today);
    if (flag) flagged.push(flag);
    else candidates.push({ date: reading.date, km: reading.km, source: reading.source });
  }
  const { deliveryDate } = options;
  if (
    options.deliveryIsZeroKm &&
    deliveryDate !== null &&
    deliveryDate <= options.today &&
    candidates.every((p) => p.date >= deliveryDate)
  ) {
    candidates.push({ date: deliveryDate, km: 0, source: 'delivery' });
  }
  candidates.sort((a, b) => (a.date === b.date ? a.km - b.km : a.date < b.date ? -1 : 1));

  const points: OdometerPoint[] = [];
  for (const point of candidates) {
    const previous = lastOf(points);
    if (previous !== undefined && point.km < previous.km) {
      const { source } = point;
      if (source !== 'delivery')
        flagged.push({
          reading: { km: point.km, date: point.date, source },
          reason: 'odometer_rollback',
          previousKm: previous.km
        });
      continue;
    }
    points.push(point);
  }
  return { points, flagged };
}

export interface MileageCrossing {
  date: IsoDate;
  /** Read off two actual readings (true) or projected forward at the rate (false). */
  observed: boolean;
}

/**
 * The odometer over time: actual points, linear between them, and the projected rate
 * beyond them (backwards before the first point, never below 0).
 */
export class OdometerTimeline {
  constructor(
    readonly points: readonly OdometerPoint[],
    readonly kmPerDay: number
  ) {}

  /** Estimated odometer on a day; null without any point to start from. */
  kmAt(date: IsoDate): number | null {
    const after = this.points.findIndex((p) => p.date > date);
    const before = after === -1 ? lastOf(this.points) : after > 0 ? this.points[after - 1] : undefined;
    const next = after === -1 ? undefined : this.points[after];
    if (before && next) {
      const share = daysBetween(before.date, date) / daysBetween(before.date, next.date);
      return before.km + (next.km - before.km) * share;
    }
    if (before) return before.km + this.kmPerDay * daysBetween(before.date, date);
    if (next) return Math.max(0, next.km - this.kmPerDay * daysBetween(date, next.date));
    return null;
  }

  /**
   * First day on or after `from` when the odometer shows `targetKm`: between the two readings
   * that straddle it, else projected from the last reading; null when the car does not move.
   */
  dateReaching(targetKm: number, from: { date: IsoDate; km: number }): MileageCrossing | null {
    if (from.km >= targetKm) return { date: from.date, observed: true };
    let previous = from;
    for (const point of this.points) {
      if (point.date < from.date || point.km < previous.km) continue;
      if (point.km >= targetKm) {
        const days = daysBetween(previous.date, point.date);
        const offset = Math.ceil(((targetKm - previous.km) * days) / (point.km - previous.km) - EPSILON);
        return { date: addDays(previous.date, offset), observed: true };
      }
      previous = point;
    }
    if (this.kmPerDay <= 0) return null;
    const offset = Math.ceil((targetKm - previous.km) / this.kmPerDay - EPSILON);
    return { date: addDays(previous.date, Math.max(0, offset)), observed: false };
  }
}
