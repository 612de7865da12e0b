import type { IsoDate } from '../dates';
import { coverageEnd } from './coverage-end';
import { lastOf } from './last';
import { maintenanceCycles } from './maintenance';
import type { OdometerTimeline } from './odometer';
import { nextInspection, nextInsuranceEnd } from './renewals';
import { intervalsFor, usageOrPrivate, type DueSettings, type DueType } from './settings';
import type { DueEvent, SkipReason, VehicleDueInput } from './types';

/** A due event before it is judged against today (status, days left) and given the projection. */
export type EventDraft = Omit<DueEvent, 'projection' | 'status' | 'daysLeft'>;
export type Skipped = { type: DueType; reason: SkipReason };
export type DraftOutcome = EventDraft | Skipped;

export function isSkipped(outcome: DraftOutcome): outcome is Skipped {
  return 'reason' in outcome;
}

function withMileage(km: number | null): { dueMileage?: number } {
  return km === null ? {} : { dueMileage: km };
}

/** The running maintenance cycle: the one anchored on the last service (or the delivery). */
export function maintenanceDraft(
  vehicle: VehicleDueInput,
  settings: DueSettings,
  timeline: OdometerTimeline,
  today: IsoDate
): DraftOutcome {
  const cycle = lastOf(maintenanceCycles(vehicle, intervalsFor(settings, vehicle.series), timeline, today));
  if (cycle === undefined) {
    const notYet = vehicle.deliveryDate !== null && vehicle.deliveryDate > today;
    return { type: 'first_maintenance', reason: notYet ? 'not_delivered_yet' : 'no_delivery_date' };
  }
  return {
    type: cycle.type,
    occurrence: cycle.anchor,
    dueDate: cycle.dueDate,
    ...withMileage(cycle.dueMileage),
    basis: cycle.basis,
    mileageObserved: cycle.basis === 'mileage' && cycle.mileageObserved,
    dateSource: 'rule'
  };
}

export function insuranceDraft(vehicle: VehicleDueInput, today: IsoDate): DraftOutcome {
  const timeOnly = { type: 'insurance', basis: 'time', mileageObserved: false } as const;
  if (vehicle.insuranceRenewalDate !== null) {
    const deadline = vehicle.insuranceRenewalDate;
    return { ...timeOnly, occurrence: deadline, dueDate: deadline, dateSource: 'given' };
  }
  if (vehicle.deliveryDate === null) return { type: 'insurance', reason: 'no_delivery_date' };
  const deadline = nextInsuranceEnd(vehicle.deliveryDate, today);
  return { ...timeOnly, occurrence: deadline, dueDate: deadline, dateSource: 'rule' };
}

export function inspectionDraft(
  vehicle: VehicleDueInput,
  settings: DueSettings,
  today: IsoDate
): DraftOutcome {
  const timeOnly = { type: 'inspection', basis: 'time', mileageObserved: false } as const;
  if (vehicle.inspectionDate !== null)
    return {
      ...timeOnly,
      occurrence: vehicle.inspectionDate,
      dueDate: vehicle.inspectionDate,
      dateSource: 'given',
      onSiteInspection: null
    };
  const registration = vehicle.registrationDate ?? vehicle.deliveryDate;
  if (registration === null) return { type: 'inspection', reason: 'no_delivery_date' };
  const next = nextInspection(registration, settings.inspection[usageOrPrivate(vehicle.usage)], today);
  return {
    ...timeOnly,
    occurrence: next.dueDate,
    dueDate: next.dueDate,
    dateSource: 'rule',
    onSiteInspection: next.onSite
  };
}

export function coverageDraft(
  type: 'warranty_end' | 'sanbao_end',
  vehicle: VehicleDueInput,
  settings: DueSettings,
  timeline: OdometerTimeline
): DraftOutcome {
  // 三包 is a consumer right for household cars: not for official or commercial vehicles.
  if (type === 'sanbao_end' && usageOrPrivate(vehicle.usage) !== 'private')
    return { type, reason: 'not_household_vehicle' };
  if (vehicle.deliveryDate === null) return { type, reason: 'no_delivery_date' };
  const end = coverageEnd(
    vehicle.deliveryDate,
    type === 'sanbao_end' ? settings.sanbao : settings.warranty,
    timeline
  );
  return {
    type,
    occurrence: end.timeEnd,
    dueDate: end.dueDate,
    ...withMileage(end.dueMileage),
    basis: end.basis,
    mileageObserved: end.mileageObserved,
    dateSource: 'rule'
  };
}
