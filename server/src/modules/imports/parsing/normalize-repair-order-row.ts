import {
  parseFlexibleDate,
  parseServicePayer,
  parseServiceType,
  parseYesNo,
  parseYuanToFen,
  type IsoDate,
  type ServicePayer,
  type ServiceType
} from '@dealer/shared/domain';
import type { ColumnMap } from './headers';
import { readPlate, readVin, settleIdentifiers } from './identifiers';
import { plausibleMileage } from './normalize-customer-row';
import type { TableRow } from './read-table';
import type { RowResult } from './row-issues';
import { columnsOfRow, RowReader, type FieldCell } from './row-reader';

export interface RepairOrderImportRecord {
  roNumber: string;
  vin: string | null;
  plate: string | null;
  serviceDate: IsoDate;
  dateOut: IsoDate | null;
  serviceType: ServiceType;
  amountFen: number;
  /** Who paid (付费类型 column); null when the file has no such column or the value is unreadable. */
  payer: ServicePayer | null;
  paid: boolean;
  mileageKm: number | null;
  advisorName: string | null;
  profitFen: number | null;
}

/** Free to the customer by nature: the maker pays warranty work, first maintenance is included. */
const FREE_SERVICE_TYPES: ReadonlySet<ServiceType> = new Set(['warranty', 'first_maintenance']);

const fenOf = (cell: FieldCell): number | null =>
  parseYuanToFen(typeof cell.value === 'number' ? cell.value : cell.text);

function readServiceDate(r: RowReader): IsoDate | null {
  const cell = r.cell('serviceDate');
  if (cell === null) {
    r.error(r.column('serviceDate'), 'required');
    return null;
  }
  const date = parseFlexibleDate(cell.value);
  if (date === null) r.error(cell.column, 'invalid_date', cell.text);
  return date;
}

function readServiceType(r: RowReader): ServiceType {
  const cell = r.cell('serviceType');
  const type = cell ? parseServiceType(cell.text) : null;
  if (type === null) r.warn(r.column('serviceType'), 'unknown_service_type', cell?.text);
  return type ?? 'other';
}

/** Amount drives value tiers, so an unreadable or negative (reversal) amount rejects the row. */
function readAmountFen(r: RowReader): number {
  const cell = r.cell('amountYuan');
  if (cell === null) {
    r.warn(r.column('amountYuan'), 'missing_amount');
    return 0;
  }
  const fen = fenOf(cell);
  if (fen === null) r.error(cell.column, 'invalid_amount', cell.text);
  else if (fen < 0) r.error(cell.column, 'negative_amount', cell.text);
  return fen ?? 0;
}

/**
 * Paid service (有偿) is what the customer paid for. A payer column (付费类型: customer /
 * insurance / warranty / internal) decides; else an explicit 是否付费 column; else (both
 * absent or unreadable) a visit counts as paid when money changed hands and the type is
 * not one the customer never pays for.
 */
function readPaid(r: RowReader, payer: ServicePayer | null, amountFen: number, type: ServiceType): boolean {
  if (payer !== null) return payer === 'customer';
  const explicit = r.optional('paid', (c) => parseYesNo(c.text), 'invalid_paid_flag');
  return explicit ?? (amountFen > 0 && !FREE_SERVICE_TYPES.has(type));
}

/**
 * One repair-order row → record. Errors: no RO number, no/invalid service date, no usable
 * VIN or plate, unreadable or negative amount. Other unreadable values become null with a
 * warning.
 */
export function normalizeRepairOrderRow(
  row: TableRow,
  columns: ColumnMap = columnsOfRow(row)
): RowResult<RepairOrderImportRecord> {
  const r = new RowReader(row, columns);
  const roCell = r.cell('roNumber');
  if (roCell === null) r.error(r.column('roNumber'), 'required');
  const serviceDate = readServiceDate(r);
  const vin = readVin(r);
  const plate = readPlate(r);
  settleIdentifiers(r, [vin, plate], 'no_vehicle_identifier');

  const dateOut = r.optional('dateOut', (c) => parseFlexibleDate(c.value), 'invalid_date');
  if (dateOut !== null && serviceDate !== null && dateOut < serviceDate) {
    r.warn(r.column('dateOut'), 'date_out_before_service', dateOut);
  }
  const serviceType = readServiceType(r);
  const amountFen = readAmountFen(r);
  const payer = r.optional('payer', (c) => parseServicePayer(c.text), 'invalid_payer');
  const record: RepairOrderImportRecord = {
    roNumber: (roCell?.text ?? '').replace(/^'/, ''),
    vin: vin.value,
    plate: plate.value,
    serviceDate: serviceDate ?? '',
    dateOut,
    serviceType,
    amountFen,
    payer,
    paid: readPaid(r, payer, amountFen, serviceType),
    mileageKm: r.optional('mileageKm', plausibleMileage, 'invalid_mileage'),
    advisorName: r.text('advisorName'),
    profitFen: r.optional('profitYuan', fenOf, 'invalid_profit')
  };
  if (r.errors.length > 0)
    return { ok: false, rowNumber: row.rowNumber, errors: r.errors, warnings: r.warnings };
  return { ok: true, rowNumber: row.rowNumber, record, warnings: r.warnings };
}
