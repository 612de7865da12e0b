import type { Types } from 'mongoose';
import { VEHICLE_USAGES, type VehicleUsage } from '@dealer/shared';
import {
  READING_SOURCES,
  type MaintenanceVisit,
  type MileageReading,
  type ReadingSource,
  type VehicleDueInput
} from '@dealer/shared/domain/due';

/**
 * The due engine's input for one vehicle, from what is stored: the vehicle, its repair
 * orders and the mileage its bookings recorded. Every reading keeps its own day; a km
 * without a day (a customers-file figure with no mileage date) is no reading.
 */

/** The fields of a vehicle the engine reads (the refresh projects exactly these). */
export interface DueVehicleFields {
  _id: Types.ObjectId;
  dealershipId: Types.ObjectId;
  customerId: Types.ObjectId;
  plate?: string | null;
  brand?: string | null;
  series?: string | null;
  model?: string | null;
  deliveryDate?: string | null;
  usage?: string | null;
  mileageKm?: number | null;
  mileageDate?: string | null;
  mileageSource?: string | null;
  insuranceRenewalDate?: string | null;
  inspectionDate?: string | null;
}
export const DUE_VEHICLE_PROJECTION = {
  _id: 1,
  dealershipId: 1,
  customerId: 1,
  plate: 1,
  brand: 1,
  series: 1,
  model: 1,
  deliveryDate: 1,
  usage: 1,
  mileageKm: 1,
  mileageDate: 1,
  mileageSource: 1,
  insuranceRenewalDate: 1,
  inspectionDate: 1
} as const;

export interface DueServiceRecordFields {
  vehicleId: Types.ObjectId;
  serviceDate: string;
  type: string;
  mileageKm?: number | null;
}
export const DUE_RECORD_PROJECTION = { _id: 0, vehicleId: 1, serviceDate: 1, type: 1, mileageKm: 1 } as const;

export interface DueBookingFields {
  vehicleId: Types.ObjectId;
  bookedBy: string;
  mileage?: { km?: number | null; date?: string | null } | null;
}
export const DUE_BOOKING_PROJECTION = { _id: 0, vehicleId: 1, bookedBy: 1, mileage: 1 } as const;

const MAINTENANCE_TYPES = new Set(['first_maintenance', 'regular_maintenance']);

const isUsage = (v: unknown): v is VehicleUsage => VEHICLE_USAGES.includes(v as VehicleUsage);
const isSource = (v: unknown): v is ReadingSource => READING_SOURCES.includes(v as ReadingSource);
const km = (value: number | null | undefined): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

/** The vehicle's own stored reading, unless it repeats one the records or bookings already give. */
function vehicleReading(vehicle: DueInputVehicle, known: readonly MileageReading[]): MileageReading[] {
  const value = km(vehicle.mileageKm);
  const date = vehicle.mileageDate ?? null;
  if (value === null || date === null) return [];
  if (known.some((r) => r.km === value && r.date === date)) return [];
  // Written before sources were recorded: staff edits were the only other dated writer.
  const source = isSource(vehicle.mileageSource) ? vehicle.mileageSource : 'staff_edit';
  return [{ km: value, date, source }];
}

/** What vehicleDueInput reads of a vehicle (the KPI loader keeps just this). */
export type DueInputVehicle = Pick<
  DueVehicleFields,
  | 'series'
  | 'usage'
  | 'deliveryDate'
  | 'mileageKm'
  | 'mileageDate'
  | 'mileageSource'
  | 'insuranceRenewalDate'
  | 'inspectionDate'
>;

export function vehicleDueInput(
  vehicle: DueInputVehicle,
  records: readonly Omit<DueServiceRecordFields, 'vehicleId'>[],
  bookings: readonly Omit<DueBookingFields, 'vehicleId'>[]
): VehicleDueInput {
  const maintenanceVisits: MaintenanceVisit[] = [];
  const readings: MileageReading[] = [];
  for (const r of records) {
    const value = km(r.mileageKm);
    if (MAINTENANCE_TYPES.has(r.type)) maintenanceVisits.push({ date: r.serviceDate, km: value });
    else if (value !== null) readings.push({ km: value, date: r.serviceDate, source: 'repair_order' });
  }
  for (const b of bookings) {
    const value = km(b.mileage?.km);
    const date = b.mileage?.date ?? null;
    if (value === null || date === null) continue;
    readings.push({ km: value, date, source: b.bookedBy === 'owner' ? 'owner_booking' : 'staff_edit' });
  }
  const fromVisits = maintenanceVisits.flatMap((v): MileageReading[] =>
    v.km === null ? [] : [{ km: v.km, date: v.date, source: 'repair_order' }]
  );
  readings.push(...vehicleReading(vehicle, [...readings, ...fromVisits]));
  return {
    series: vehicle.series?.trim() || null,
    usage: isUsage(vehicle.usage) ? vehicle.usage : null,
    deliveryDate: vehicle.deliveryDate ?? null,
    readings,
    maintenanceVisits,
    insuranceRenewalDate: vehicle.insuranceRenewalDate ?? null,
    inspectionDate: vehicle.inspectionDate ?? null
  };
}

/** '帕萨特 2022款 330TSI' — how lists name a vehicle (as bookings do). */
export const vehicleTitleOf = (v: DueVehicleFields): string =>
  [v.series, v.model].filter((part) => typeof part === 'string' && part.length > 0).join(' ');
