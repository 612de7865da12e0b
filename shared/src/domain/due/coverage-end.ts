import { addYears, type IsoDate } from '../dates';
import type { OdometerTimeline } from './odometer';
import type { DueBasis } from './types';

export interface CoverageEnd {
  /** The end by time alone: the occurrence key of the event (it does not move with the projection). */
  timeEnd: IsoDate;
  dueDate: IsoDate;
  dueMileage: number | null;
  basis: DueBasis;
  mileageObserved: boolean;
}

/**
 * When a warranty or 三包 period ends: its last day by time (the delivery anniversary, as in
 * vehicle-cover.ts) or the day the odometer reaches its km limit, whichever comes first.
 */
export function coverageEnd(
  deliveryDate: IsoDate,
  terms: { years: number; km: number | null },
  timeline: OdometerTimeline
): CoverageEnd {
  const timeEnd = addYears(deliveryDate, terms.years);
  const kmAtDelivery = timeline.kmAt(deliveryDate);
  const crossing =
    terms.km === null || kmAtDelivery === null
      ? null
      : timeline.dateReaching(terms.km, { date: deliveryDate, km: kmAtDelivery });
  if (crossing !== null && crossing.date < timeEnd) {
    return {
      timeEnd,
      dueDate: crossing.date,
      dueMileage: terms.km ?? null,
      basis: 'mileage',
      mileageObserved: crossing.observed
    };
  }
  return { timeEnd, dueDate: timeEnd, dueMileage: terms.km ?? null, basis: 'time', mileageObserved: false };
}
