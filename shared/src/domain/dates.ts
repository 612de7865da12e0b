import { toHalfWidth } from './text';

/**
 * Calendar dates as 'YYYY-MM-DD' strings. Imported dates carry no time zone and mean
 * "the day printed on the paperwork", so they are kept as plain calendar days.
 */
export type IsoDate = string;

const MIN_YEAR = 1900;
const MAX_YEAR = 2100;
const MS_PER_DAY = 86_400_000;
/** Excel serial 25569 = 1970-01-01 (serials count from the fictitious 1900-01-00). */
const EXCEL_UNIX_EPOCH_SERIAL = 25569;
/** Excel believes 1900 was a leap year: serial 60 is the non-existent 1900-02-29. */
const EXCEL_FAKE_LEAP_DAY = 60;
/** Serial of 9999-12-31, Excel's last date. */
const EXCEL_MAX_SERIAL = 2958465;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 'YYYY-MM-DD' if the parts form a real date within 1900–2100, else null. */
export function makeIsoDate(year: number, month: number, day: number): IsoDate | null {
  if (![year, month, day].every(Number.isInteger)) return null;
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12) return null;
  if (day < 1 || day > daysInMonth(year, month)) return null;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return m !== null && makeIsoDate(Number(m[1]), Number(m[2]), Number(m[3])) === s;
}

/** Excel 1900-system serial (time fraction ignored) → calendar date. */
export function excelSerialToIsoDate(serial: number): IsoDate | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > EXCEL_MAX_SERIAL) return null;
  const whole = Math.floor(serial);
  if (whole === EXCEL_FAKE_LEAP_DAY) return null;
  // Before the fake leap day serials are one day "ahead" of the real calendar.
  const daysSinceUnix = whole - EXCEL_UNIX_EPOCH_SERIAL + (whole < EXCEL_FAKE_LEAP_DAY ? 1 : 0);
  return dateToIsoDate(new Date(daysSinceUnix * MS_PER_DAY));
}

/**
 * ExcelJS hands date cells over as Date objects whose UTC fields are the wall-clock
 * value shown in Excel; rounding to the second absorbs float noise like 23:59:59.9996.
 */
export function dateToIsoDate(d: Date): IsoDate | null {
  const ms = d.getTime();
  if (Number.isNaN(ms)) return null;
  const rounded = new Date(Math.round(ms / 1000) * 1000);
  return makeIsoDate(rounded.getUTCFullYear(), rounded.getUTCMonth() + 1, rounded.getUTCDate());
}

// Year first always: '24/5/6' or '5/6/2024' are ambiguous (M/D vs D/M) and rejected.
const SEPARATED = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:$|[\sT])/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:$|[\sT])/;
/** Five-digit numbers in text are serials that lost their date format (1927–2173). */
const SERIAL_TEXT = /^\d{5}(?:\.\d+)?$/;

/**
 * '2024-05-06', '2024/5/6', '2024.5.6', '20240506', '2024年5月6日', any of them with a
 * trailing time, Excel serials (45418) and Date objects → '2024-05-06'.
 * Impossible dates (2024-02-30) and anything unrecognised → null.
 */
export function parseFlexibleDate(raw: string | number | Date | null | undefined): IsoDate | null {
  if (raw === null || raw === undefined) return null;
  if (raw instanceof Date) return dateToIsoDate(raw);
  if (typeof raw === 'number') return parseNumericDate(raw);
  const text = toHalfWidth(raw).trim();
  if (text === '') return null;
  if (SERIAL_TEXT.test(text)) return excelSerialToIsoDate(Number(text));
  const match = SEPARATED.exec(text) ?? COMPACT.exec(text);
  if (match === null) return null;
  return makeIsoDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** Numeric cells are Excel serials, except 8-digit integers typed as 20240506. */
function parseNumericDate(n: number): IsoDate | null {
  if (Number.isInteger(n) && n >= 19000101 && n <= 21001231) {
    return makeIsoDate(Math.floor(n / 10000), Math.floor(n / 100) % 100, n % 100);
  }
  return excelSerialToIsoDate(n);
}

function toUtcMs(date: IsoDate): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const shifted = new Date(toUtcMs(date) + days * MS_PER_DAY);
  return `${pad(shifted.getUTCFullYear(), 4)}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`;
}

/**
 * Same day N years later; when that day does not exist (29 Feb) the month's last day.
 * This is how the Civil Code (民法典 art. 203) ends a period counted in years.
 */
export function addYears(date: IsoDate, years: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number);
  const year = y + years;
  return `${pad(year, 4)}-${pad(m)}-${pad(Math.min(d, daysInMonth(year, m)))}`;
}

/**
 * Same day N months later (negative: earlier); when the target month has no such day, its
 * last day (2025-08-31 + 6 months = 2026-02-28), the way a period in months ends.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${pad(year, 4)}-${pad(month)}-${pad(Math.min(d, daysInMonth(year, month)))}`;
}

/** Last day of the date's month: 2024-02-10 → 2024-02-29. */
export function endOfMonth(date: IsoDate): IsoDate {
  const [y, m] = date.split('-').map(Number);
  return `${pad(y, 4)}-${pad(m)}-${pad(daysInMonth(y, m))}`;
}

/** Whole days from a to b (negative when b is earlier). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((toUtcMs(b) - toUtcMs(a)) / MS_PER_DAY);
}
