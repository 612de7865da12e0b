import { Types } from 'mongoose';
import { Customer } from '../../customers/customer.model';
import { Vehicle } from '../../vehicles/vehicle.model';
import { anniversaryKeyOf, birthdayKeyOf } from '../../../lib/occasion-keys';
import type { CustomerImportRecord, ImportedVehicle } from '../parsing';
import { presentOnly } from './bulk';
import { isNewerReading } from './mileage';
import { identityKeyOf, vinKey, type IndexedVehicle } from './vehicle-index';

/**
 * What a customers-file row asks to store, and the documents it creates. Rules: a value
 * in the file replaces the stored one; an empty cell (or a column this export lacks) keeps
 * it. Writes go through the driver, so the derived keys the schema plugins would maintain
 * (birthdayKey, anniversaryKey) are set here.
 */

export interface StoredBirthday {
  calendar?: string | null;
  date?: string | null;
  lunarMonth?: number | null;
  lunarDay?: number | null;
  lunarLeapMonth?: boolean | null;
}

export type StoredCustomer = Record<string, unknown> & {
  _id: Types.ObjectId;
  dealershipId: Types.ObjectId;
  mobile: string | null;
  mobileKey: string;
  isProspect?: boolean;
  birthday?: StoredBirthday | null;
};

function solarBirthday(date: string, stored: StoredBirthday | null | undefined) {
  // A lunar birthday set by staff stays lunar; the file only brings the date of birth.
  return {
    calendar: stored?.calendar ?? 'solar',
    date,
    lunarMonth: stored?.lunarMonth ?? null,
    lunarDay: stored?.lunarDay ?? null,
    lunarLeapMonth: stored?.lunarLeapMonth ?? false
  };
}

/** Fields to compare with (and write over) an existing archive. */
export function customerChanges(
  record: CustomerImportRecord,
  stored: StoredCustomer
): Record<string, unknown> {
  const desired: Record<string, unknown> = {
    name: record.name,
    ...presentOnly({
      gender: record.gender,
      address: record.address,
      occupationClass: record.occupation,
      regionClass: record.regionClass
    })
  };
  if (record.birthday !== null && stored.birthday?.date !== record.birthday) {
    const birthday = solarBirthday(record.birthday, stored.birthday);
    desired.birthday = birthday;
    desired.birthdayKey = birthdayKeyOf(birthday);
  }
  // The DMS knows this person as a customer: a WeChat prospect archive becomes a real one.
  if (stored.isProspect) desired.isProspect = false;
  // An archive created without a mobile (matched here through its vehicle) gets the file's.
  if (stored.mobile === null && record.mobile !== null) {
    desired.mobile = record.mobile;
    desired.mobileKey = record.mobile;
  }
  return desired;
}

export function newCustomer(
  record: CustomerImportRecord,
  dealershipId: Types.ObjectId,
  advisorId: Types.ObjectId | null,
  now: Date
): Record<string, unknown> & { _id: Types.ObjectId } {
  const _id = new Types.ObjectId();
  const birthday = record.birthday === null ? null : solarBirthday(record.birthday, null);
  return {
    ...Customer.applyDefaults({
      _id,
      dealershipId,
      name: record.name,
      mobile: record.mobile,
      mobileKey: record.mobile ?? `none:${_id}`,
      gender: record.gender,
      birthday,
      birthdayKey: birthdayKeyOf(birthday),
      regionClass: record.regionClass,
      occupationClass: record.occupation,
      address: record.address ?? '',
      source: 'dms_import',
      advisorId,
      createdAt: now,
      updatedAt: now
    }),
    _id
  };
}

/** Fields to compare with (and write over) an existing vehicle. */
export function vehicleChanges(
  v: ImportedVehicle,
  customerId: Types.ObjectId,
  stored: IndexedVehicle
): Record<string, unknown> {
  const desired: Record<string, unknown> = {
    customerId,
    ...presentOnly({
      plate: v.plate,
      vin: v.vin,
      brand: v.brand,
      series: v.series,
      model: v.model,
      usage: v.usage
    })
  };
  if (v.vin !== null && stored.identityKey !== vinKey(v.vin)) desired.identityKey = vinKey(v.vin);
  if (v.deliveryDate !== null) {
    desired.deliveryDate = v.deliveryDate;
    desired.anniversaryKey = anniversaryKeyOf(v.deliveryDate);
  }
  return { ...desired, ...mileageChanges(v, stored) };
}

/**
 * The file's mileage, as an observation with its own day (docs/reminders.md, "Server"). With
 * a 里程日期 it is a reading: it replaces the stored one when newer. Without one it is a
 * reported figure: kept (undated) only while the vehicle has no dated reading, never paired
 * with another reading's day; and odometers only go up.
 */
function mileageChanges(v: ImportedVehicle, stored: IndexedVehicle): Record<string, unknown> {
  if (v.mileageKm === null) return {};
  if (v.mileageDate !== null) {
    return isNewerReading(v.mileageKm, v.mileageDate, stored)
      ? { mileageKm: v.mileageKm, mileageDate: v.mileageDate, mileageSource: 'customers_file' }
      : {};
  }
  if (stored.mileageDate !== null) return {};
  return stored.mileageKm === null || v.mileageKm > stored.mileageKm ? { mileageKm: v.mileageKm } : {};
}

export function newVehicle(
  v: ImportedVehicle,
  dealershipId: Types.ObjectId,
  customerId: Types.ObjectId,
  now: Date
): Record<string, unknown> & { _id: Types.ObjectId } {
  const _id = new Types.ObjectId();
  return {
    ...Vehicle.applyDefaults({
      _id,
      dealershipId,
      customerId,
      plate: v.plate,
      vin: v.vin,
      identityKey: identityKeyOf(v.vin, v.plate),
      brand: v.brand ?? '',
      series: v.series ?? '',
      model: v.model ?? '',
      deliveryDate: v.deliveryDate,
      anniversaryKey: anniversaryKeyOf(v.deliveryDate),
      usage: v.usage,
      mileageKm: v.mileageKm,
      mileageDate: v.mileageDate,
      mileageSource: v.mileageDate === null ? null : 'customers_file',
      createdAt: now,
      updatedAt: now
    }),
    _id
  };
}
