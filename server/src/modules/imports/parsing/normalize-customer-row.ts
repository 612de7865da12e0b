import {
  parseFlexibleDate,
  parseGender,
  parseMileageKm,
  parseOccupationClass,
  parseRegionClass,
  parseVehicleUsage,
  type Gender,
  type IsoDate,
  type OccupationClass,
  type RegionClass,
  type VehicleUsage
} from '@dealer/shared/domain';
import type { ColumnMap } from './headers';
import { readMobile, readPlate, readVin, settleIdentifiers } from './identifiers';
import type { TableRow } from './read-table';
import type { RowResult } from './row-issues';
import { columnsOfRow, RowReader, type FieldCell } from './row-reader';

export interface ImportedVehicle {
  plate: string | null;
  vin: string | null;
  brand: string | null;
  series: string | null;
  model: string | null;
  deliveryDate: IsoDate | null;
  usage: VehicleUsage | null;
  mileageKm: number | null;
  /** The day the file says `mileageKm` was read (its 里程日期 column); null = reported, undated. */
  mileageDate: IsoDate | null;
}

export interface CustomerImportRecord {
  name: string;
  mobile: string | null;
  gender: Gender | null;
  birthday: IsoDate | null;
  address: string | null;
  occupation: OccupationClass | null;
  regionClass: RegionClass | null;
  /** null when the row has no valid plate or VIN: a vehicle without a key cannot be matched. */
  vehicle: ImportedVehicle | null;
}

export interface NormalizeOptions {
  /** Reference day for plausibility checks; defaults to the current UTC date. */
  today?: IsoDate;
}

const VEHICLE_DETAIL_FIELDS = [
  'brand',
  'series',
  'model',
  'deliveryDate',
  'usage',
  'mileageKm',
  'mileageDate'
] as const;

const dateOf = (cell: FieldCell): IsoDate | null => parseFlexibleDate(cell.value);

/** An odometer reading outside 0…2,000,000 km is a typo, not a reading. */
export function plausibleMileage(cell: FieldCell): number | null {
  const km = parseMileageKm(typeof cell.value === 'number' ? cell.value : cell.text);
  return km !== null && km >= 0 && km <= 2_000_000 ? km : null;
}

function readBirthday(r: RowReader, today: IsoDate): IsoDate | null {
  const birthday = r.optional('birthday', dateOf, 'invalid_date');
  // parseFlexibleDate already refuses years before 1900; a future birthday is a typo.
  if (birthday !== null && birthday > today) {
    r.warn(r.column('birthday'), 'future_date', birthday);
    return null;
  }
  return birthday;
}

/**
 * The mileage and the day it was read. A date without a km, or a future date, is dropped
 * with a warning (the km then stands undated: reported, not a reading).
 */
function readMileage(
  r: RowReader,
  today: IsoDate
): { mileageKm: number | null; mileageDate: IsoDate | null } {
  const mileageKm = r.optional('mileageKm', plausibleMileage, 'invalid_mileage');
  let mileageDate = r.optional('mileageDate', dateOf, 'invalid_date');
  if (mileageDate !== null && mileageDate > today) {
    r.warn(r.column('mileageDate'), 'future_date', mileageDate);
    mileageDate = null;
  }
  return { mileageKm, mileageDate: mileageKm === null ? null : mileageDate };
}

function readVehicle(
  r: RowReader,
  plate: string | null,
  vin: string | null,
  today: IsoDate
): ImportedVehicle | null {
  if (plate === null && vin === null) {
    const detail = VEHICLE_DETAIL_FIELDS.map((f) => r.cell(f)).find((cell) => cell !== null);
    if (detail) r.warn(detail.column, 'vehicle_without_identifier');
    return null;
  }
  return {
    plate,
    vin,
    brand: r.text('brand'),
    series: r.text('series'),
    model: r.text('model'),
    deliveryDate: r.optional('deliveryDate', dateOf, 'invalid_date'),
    usage: r.optional('usage', (c) => parseVehicleUsage(c.text), 'invalid_usage'),
    ...readMileage(r, today)
  };
}

/**
 * One customers+vehicles row → record. Errors: no name; no usable mobile, plate or VIN.
 * Everything else that cannot be read is dropped with a warning, including a malformed
 * mobile/plate/VIN when another identifier is usable (see settleIdentifiers).
 */
export function normalizeCustomerRow(
  row: TableRow,
  columns: ColumnMap = columnsOfRow(row),
  options: NormalizeOptions = {}
): RowResult<CustomerImportRecord> {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const r = new RowReader(row, columns);
  const name = r.text('name');
  if (name === null) r.error(r.column('name'), 'required');
  const mobile = readMobile(r);
  const plate = readPlate(r);
  const vin = readVin(r);
  settleIdentifiers(r, [mobile, plate, vin], 'no_identifier');

  const record: CustomerImportRecord = {
    name: name ?? '',
    mobile: mobile.value,
    gender: r.optional('gender', (c) => parseGender(c.text), 'invalid_gender'),
    birthday: readBirthday(r, today),
    address: r.text('address'),
    // Any occupation text fits the closed list ('other' catches the rest), so never a warning.
    occupation: parseOccupationClass(r.text('occupation') ?? ''),
    regionClass: r.optional('regionClass', (c) => parseRegionClass(c.text), 'invalid_region_class'),
    vehicle: readVehicle(r, plate.value, vin.value, today)
  };
  if (r.errors.length > 0)
    return { ok: false, rowNumber: row.rowNumber, errors: r.errors, warnings: r.warnings };
  return { ok: true, rowNumber: row.rowNumber, record, warnings: r.warnings };
}
