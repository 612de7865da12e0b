import type { VehicleUsage } from '../categories';
import type { IsoDate } from '../dates';
import type { DueType } from './settings';

/** Where a mileage reading came from. Each is a value with the day it was observed. */
export const READING_SOURCES = ['repair_order', 'customers_file', 'owner_booking', 'staff_edit'] as const;
export type ReadingSource = (typeof READING_SOURCES)[number];

export interface MileageReading {
  km: number;
  /** The day the odometer showed `km` (not the day the value was typed in). */
  date: IsoDate;
  source: ReadingSource;
}

/** Why a reading was set aside instead of applied. */
export type ReadingFlagReason = 'odometer_rollback' | 'future_date' | 'invalid_value';

export interface FlaggedReading {
  reading: MileageReading;
  reason: ReadingFlagReason;
  /** For a rollback: the highest reading already applied on or before that day. */
  previousKm: number | null;
}

/** A 首保 or 定保 visit: it restarts the maintenance clock. */
export interface MaintenanceVisit {
  date: IsoDate;
  /** Odometer on the repair order, when printed there. */
  km: number | null;
}

export interface VehicleDueInput {
  series: string | null;
  usage: VehicleUsage | null;
  deliveryDate: IsoDate | null;
  /** First registration (初次登记); the delivery date stands in when unknown. */
  registrationDate?: IsoDate | null;
  readings: readonly MileageReading[];
  maintenanceVisits: readonly MaintenanceVisit[];
  /** End of the current policy when known (the archive's 保险到期日). */
  insuranceRenewalDate: IsoDate | null;
  /** Next inspection deadline when known (检验有效期至). */
  inspectionDate: IsoDate | null;
}

export type ProjectionSource = 'own' | 'series' | 'default';

export interface Projection {
  kmPerDay: number;
  source: ProjectionSource;
  /** For 'own': the two odometer points the rate was measured between. */
  measuredFrom?: { date: IsoDate; km: number };
  measuredTo?: { date: IsoDate; km: number };
}

/**
 * Fleet averages measured by the dealership (see fleetAverages), keyed by
 * fleetKey(series, usage).
 */
export type FleetAverages = ReadonlyMap<string, number>;

export type DueStatus = 'upcoming' | 'due_soon' | 'overdue';
export type DueBasis = 'time' | 'mileage';
/** 'given': a date on the archive; 'rule': computed from the settings. */
export type DueDateSource = 'given' | 'rule';

export interface DueEvent {
  type: DueType;
  /**
   * What stays the same while the projected due day moves, so stored events, reminders and
   * bookings can name one occurrence across recomputations: maintenance — the anchor day its
   * clock runs from; insurance and inspection — the deadline; warranty and 三包 — the
   * time-based end (a mileage end moves with the projection, the time end does not).
   */
  occurrence: IsoDate;
  dueDate: IsoDate;
  /** The odometer value that makes it due (maintenance) or ends it (warranty, 三包). */
  dueMileage?: number;
  basis: DueBasis;
  /** The mileage side was read off actual readings rather than projected. */
  mileageObserved: boolean;
  dateSource: DueDateSource;
  projection: Projection;
  status: DueStatus;
  /** dueDate − today, in days (negative when overdue). */
  daysLeft: number;
  /** Inspection only: whether the vehicle must be tested on site; null when not known. */
  onSiteInspection?: boolean | null;
}

export type SkipReason = 'no_delivery_date' | 'not_delivered_yet' | 'not_household_vehicle';

export interface VehicleDue {
  today: IsoDate;
  events: DueEvent[];
  /** Types that could not be computed, and why. */
  skipped: { type: DueType; reason: SkipReason }[];
  projection: Projection;
  /** Latest applied reading and the projected odometer today; null without any reading. */
  odometer: { km: number; date: IsoDate; estimatedTodayKm: number } | null;
  flaggedReadings: FlaggedReading[];
}
