import { daysBetween, type IsoDate } from '../dates';
import {
  coverageDraft,
  inspectionDraft,
  insuranceDraft,
  isSkipped,
  maintenanceDraft,
  type EventDraft
} from './event-drafts';
import { lastOf } from './last';
import { acceptReadings, OdometerTimeline, type OdometerPoint } from './odometer';
import { projectKmPerDay } from './projection';
import { DEFAULT_DUE_SETTINGS, type DueSettings } from './settings';
import type {
  DueEvent,
  DueStatus,
  FlaggedReading,
  FleetAverages,
  Projection,
  VehicleDue,
  VehicleDueInput
} from './types';

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

function finish(draft: EventDraft, projection: Projection, today: IsoDate, settings: DueSettings): DueEvent {
  const daysLeft = daysBetween(today, draft.dueDate);
  return { ...draft, projection, status: statusOf(daysLeft, settings.leadDays[draft.type]), daysLeft };
}

/**
 * The vehicle's odometer as of `today`: the applied readings, the flagged ones, the km/day
 * projection and the timeline built from them. The KPI uses it with maintenanceCycles.
 */
export function vehicleOdometer(
  vehicle: VehicleDueInput,
  context: DueContext
): {
  points: OdometerPoint[];
  flagged: FlaggedReading[];
  projection: Projection;
  timeline: OdometerTimeline;
} {
  const settings = context.settings ?? DEFAULT_DUE_SETTINGS;
  const { points, flagged } = acceptReadings(vehicle.readings, vehicle.maintenanceVisits, {
    today: context.today,
    deliveryDate: vehicle.deliveryDate,
    deliveryIsZeroKm: settings.projection.deliveryIsZeroKm
  });
  const projection = projectKmPerDay(points, vehicle, {
    today: context.today,
    settings,
    fleet: context.fleet
  });
  return { points, flagged, projection, timeline: new OdometerTimeline(points, projection.kmPerDay) };
}

/**
 * Every due event of one vehicle as of `today`: the running maintenance cycle (首保 or 定保),
 * insurance renewal, annual inspection, warranty and 三包 ending, earliest first. Pure: the
 * same input gives the same answer. Rules in docs/reminders.md.
 */
export function vehicleDue(vehicle: VehicleDueInput, context: DueContext): VehicleDue {
  const { today } = context;
  const settings = context.settings ?? DEFAULT_DUE_SETTINGS;
  const { points, flagged, projection, timeline } = vehicleOdometer(vehicle, context);
  const outcomes = [
    maintenanceDraft(vehicle, settings, timeline, today),
    insuranceDraft(vehicle, today),
    inspectionDraft(vehicle, settings, today),
    coverageDraft('warranty_end', vehicle, settings, timeline),
    coverageDraft('sanbao_end', vehicle, settings, timeline)
  ];
  const events = outcomes
    .filter((o): o is EventDraft => !isSkipped(o))
    .map((draft) => finish(draft, projection, today, settings))
    .sort((a, b) => (a.dueDate === b.dueDate ? 0 : a.dueDate < b.dueDate ? -1 : 1));
  const last = lastOf(points);
  return {
    today,
    events,
    skipped: outcomes.filter(isSkipped),
    projection,
    odometer: last
      ? { km: last.km, date: last.date, estimatedTodayKm: Math.round(timeline.kmAt(today) ?? last.km) }
      : null,
    flaggedReadings: flagged
  };
}
