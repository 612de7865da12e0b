import { daysBetween, type IsoDate } from '../dates';
import { coverageEnd } from './coverage-end';
import { maintenanceCycles } from './maintenance';
import { acceptReadings, OdometerTimeline } from './odometer';
import { projectKmPerDay } from './projection';
import { nextInspection, nextInsuranceEnd } from './renewals';
import { DEFAULT_DUE_SETTINGS, intervalsFor, usageOrPrivate, type DueSettings, type DueType } from './settings';
import type { DueEvent, DueStatus, FleetAverages, Projection, VehicleDue, VehicleDueInput } from './types';

export interface DueContext {
  /** The Asia/Shanghai calendar day to judge from (shanghaiDate(now) on the server). */
  today: IsoDate;
  settings?: DueSettings;
  fleet?: FleetAverages;
}

function statusOf(daysLeft: number, leadDays: number): DueStatus {
  if (daysLeft < 0) return 'overdue';
  return daysLeft <= leadDays ? 'due_soon' : 'upcoming';
}

/** Overdue from the day after the due day; due soon from `leadDays` before it through the day itself. */
export function dueStatus(dueDate: IsoDate, today: IsoDate, leadDays: number): DueStatus {
  return statusOf(daysBetween(today, dueDate), leadDays);
}

type EventDraft = Omit<DueEvent, 'projection' | 'status' | 'daysLeft'>;

function finish(draft: EventDraft, projection: Projection, today: IsoDate, settings: DueSettings): DueEvent {
  const daysLeft = daysBetween(today, draft.dueDate);
  return { ...draft, projection, status: statusOf(daysLeft, settings.leadDays[draft.type]), daysLeft };
}

function withMileage(km: number | null): { dueMileage?: number } {
  return km === null ? {} : { dueMileage: km };
}

/**
 * Every due event of one vehicle as of `today`: the running maintenance cycle (首保 or 定保),
 * insurance renewal, annual inspection, warranty and 三包 ending. Pure: the same input gives
 * the same answer. Rules in docs/reminders.md.
 */
export function vehicleDue(vehicle: VehicleDueInput, context: DueContext): VehicleDue {
  const { today } = context;
  const settings = context.settings ?? DEFAULT_DUE_SETTINGS;
  const accepted = acceptReadings(vehicle.readings, vehicle.maintenanceVisits, {
    today,
    deliveryDate: vehicle.deliveryDate,
    deliveryIsZeroKm: settings.projection.deliveryIsZeroKm
  });
  const projection = projectKmPerDay(accepted.points, vehicle, { today, settings, fleet: context.fleet });
  const timeline = new OdometerTimeline(accepted.points, projection.kmPerDay);

  const drafts: EventDraft[] = [];
  const skipped: VehicleDue['skipped'] = [];
  const skip = (type: DueType) => skipped.push({ type, reason: 'no_delivery_date' });

  const cycle = maintenanceCycles(vehicle, intervalsFor(settings, vehicle.series), timeline, today).at(-1);
  if (cycle) {
    drafts.push({
      type: cycle.type,
      dueDate: cycle.dueDate,
      ...withMileage(cycle.dueMileage),
      basis: cycle.basis,
      mileageObserved: cycle.basis === 'mileage' && cycle.mileageObserved,
      dateSource: 'rule'
    });
  } else {
    skip('first_maintenance');
  }

  const { deliveryDate } = vehicle;
  if (vehicle.insuranceRenewalDate !== null) {
    drafts.push({ type: 'insurance', dueDate: vehicle.insuranceRenewalDate, basis: 'time', mileageObserved: false, dateSource: 'given' });
  } else if (deliveryDate !== null) {
    drafts.push({ type: 'insurance', dueDate: nextInsuranceEnd(deliveryDate, today), basis: 'time', mileageObserved: false, dateSource: 'rule' });
  } else {
    skip('insurance');
  }

  const registration = vehicle.registrationDate ?? deliveryDate;
  if (vehicle.inspectionDate !== null) {
    drafts.push({ type: 'inspection', dueDate: vehicle.inspectionDate, basis: 'time', mileageObserved: false, dateSource: 'given', onSiteInspection: null });
  } else if (registration !== null) {
    const next = nextInspection(registration, settings.inspection[usageOrPrivate(vehicle.usage)], today);
    drafts.push({ type: 'inspection', dueDate: next.dueDate, basis: 'time', mileageObserved: false, dateSource: 'rule', onSiteInspection: next.onSite });
  } else {
    skip('inspection');
  }

  const coverages: Array<['warranty_end' | 'sanbao_end', DueSettings['warranty']]> = [
    ['warranty_end', settings.warranty],
    ['sanbao_end', settings.sanbao]
  ];
  for (const [type, terms] of coverages) {
    // 三包 is a consumer right for household cars: not for official or commercial vehicles.
    if (type === 'sanbao_end' && usageOrPrivate(vehicle.usage) !== 'private') {
      skipped.push({ type, reason: 'not_household_vehicle' });
    } else if (deliveryDate === null) {
      skip(type);
    } else {
      const end = coverageEnd(deliveryDate, terms, timeline);
      drafts.push({ type, dueDate: end.dueDate, ...withMileage(end.dueMileage), basis: end.basis, mileageObserved: end.mileageObserved, dateSource: 'rule' });
    }
  }

  const last = accepted.points.at(-1);
  return {
    today,
    events: drafts
      .map((d) => finish(d, projection, today, settings))
      .sort((a, b) => (a.dueDate === b.dueDate ? 0 : a.dueDate < b.dueDate ? -1 : 1)),
    skipped,
    projection,
    odometer: last ? { km: last.km, date: last.date, estimatedTodayKm: Math.round(timeline.kmAt(today) ?? last.km) } : null,
    flaggedReadings: accepted.flagged
  };
}
