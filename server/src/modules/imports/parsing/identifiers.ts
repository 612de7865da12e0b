import {
  isValidPlate,
  isValidVinFormat,
  normalizeMobile,
  normalizePlate,
  normalizeVin,
  vinCheckDigitOk
} from '@dealer/shared/domain';
import type { CanonicalField } from './headers';
import type { RowIssue } from './row-issues';
import type { RowReader } from './row-reader';

/** What a not-yet-registered car has in the plate column. */
const NO_PLATE_YET = new Set(['未上牌', '无牌', '新车', '待上牌', '临牌', '临时牌照', '暂无牌照', '无车牌']);

/** A customer or vehicle key read from a row: a valid value, a rejected cell, or nothing. */
export interface Identifier {
  field: CanonicalField;
  value: string | null;
  rejected: RowIssue | null;
}

export function readMobile(r: RowReader): Identifier {
  const cell = r.cell('mobile');
  if (cell === null) return { field: 'mobile', value: null, rejected: null };
  const raw = typeof cell.value === 'number' || typeof cell.value === 'string' ? cell.value : cell.text;
  const mobile = normalizeMobile(raw);
  return mobile
    ? { field: 'mobile', value: mobile, rejected: null }
    : {
        field: 'mobile',
        value: null,
        rejected: { column: cell.column, reason: 'invalid_mobile', value: cell.text }
      };
}

export function readPlate(r: RowReader): Identifier {
  const cell = r.cell('plate', NO_PLATE_YET);
  const plate = cell ? normalizePlate(cell.text) : null;
  if (cell === null || plate === null) return { field: 'plate', value: null, rejected: null };
  return isValidPlate(plate)
    ? { field: 'plate', value: plate, rejected: null }
    : {
        field: 'plate',
        value: null,
        rejected: { column: cell.column, reason: 'invalid_plate', value: cell.text }
      };
}

/** A well-formed VIN with a wrong check digit is kept, with a warning: exports are imperfect. */
export function readVin(r: RowReader): Identifier {
  const cell = r.cell('vin');
  const vin = cell ? normalizeVin(cell.text) : null;
  if (cell === null || vin === null) return { field: 'vin', value: null, rejected: null };
  if (!isValidVinFormat(vin)) {
    return {
      field: 'vin',
      value: null,
      rejected: { column: cell.column, reason: 'invalid_vin', value: cell.text }
    };
  }
  if (!vinCheckDigitOk(vin)) r.warn(cell.column, 'vin_check_digit', vin);
  return { field: 'vin', value: vin, rejected: null };
}

/**
 * A row needs at least one usable identifier. A malformed one is only an error when no other
 * identifier is usable; otherwise it is dropped with a warning, because the row can still be
 * matched and refusing it would lose the rest of the customer's data over a typo.
 * Returns whether the row has an identifier.
 */
export function settleIdentifiers(
  r: RowReader,
  ids: readonly Identifier[],
  missing: 'no_identifier' | 'no_vehicle_identifier'
): boolean {
  const usable = ids.some((id) => id.value !== null);
  const rejected = ids.flatMap((id) => (id.rejected ? [id.rejected] : []));
  for (const issue of rejected) (usable ? r.warnings : r.errors).push(issue);
  if (!usable && rejected.length === 0) {
    const present = ids.find((id) => r.has(id.field)) ?? ids[0];
    r.error(r.column(present.field), missing);
  }
  return usable;
}
