import { addDays, isIsoDate, type IsoDate } from '../dates';

/**
 * Instants are stored in UTC; days and hours mean Asia/Shanghai. Shanghai is UTC+8 with no
 * daylight saving since 1991, so a fixed offset is exact for every date we handle and
 * needs no Intl time-zone data (which some mini-program runtimes lack).
 */

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const MS_PER_DAY = 86_400_000;
const MS_PER_MINUTE = 60_000;

/** 'HH:MM' in Shanghai. `end` is exclusive and may be '24:00'; end < start crosses midnight. */
export interface SendWindow {
  start: string;
  end: string;
}

/** Care messages go out in the daytime unless the dealership sets other quiet hours. */
export const DEFAULT_SEND_WINDOW: SendWindow = { start: '09:00', end: '21:00' };

export interface ShanghaiParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
  date: IsoDate;
}

function epochMs(instant: Date): number {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid Date');
  return ms;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function shanghaiParts(instant: Date): ShanghaiParts {
  // The UTC fields of the shifted instant are Shanghai's wall-clock fields.
  const wall = new Date(epochMs(instant) + SHANGHAI_OFFSET_MS);
  const year = wall.getUTCFullYear();
  const month = wall.getUTCMonth() + 1;
  const day = wall.getUTCDate();
  return {
    year,
    month,
    day,
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    millisecond: wall.getUTCMilliseconds(),
    weekday: wall.getUTCDay(),
    date: `${pad(year, 4)}-${pad(month)}-${pad(day)}`
  };
}

/** The Shanghai calendar day of an instant: 2025-01-01T16:00Z is '2025-01-02'. */
export function shanghaiDate(instant: Date): IsoDate {
  return shanghaiParts(instant).date;
}

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** 'HH:MM' → minutes after midnight; '24:00' only where an end is meant. */
function clockMinutes(clock: string, allowMidnightEnd: boolean): number {
  if (allowMidnightEnd && clock === '24:00') return 24 * 60;
  const m = CLOCK.exec(clock);
  if (m === null) throw new RangeError(`expected a time 'HH:MM' (00:00–23:59), got '${clock}'`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Window bounds in ms after Shanghai midnight. */
function windowBounds(window: SendWindow): { startMs: number; endMs: number } {
  const start = clockMinutes(window.start, false);
  const end = clockMinutes(window.end, true);
  // Equal ends could mean "never" or "always"; a setting must say which (00:00–24:00).
  if (start === end) throw new RangeError(`send window ${window.start}–${window.end} is ambiguous`);
  return { startMs: start * MS_PER_MINUTE, endMs: end * MS_PER_MINUTE };
}

function assertIsoDate(date: string): void {
  if (!isIsoDate(date)) throw new RangeError(`expected a real date 'YYYY-MM-DD', got '${date}'`);
}

/** The instant at which `date` begins in Shanghai (16:00 UTC the day before). */
function shanghaiMidnightMs(date: IsoDate): number {
  assertIsoDate(date);
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d) - SHANGHAI_OFFSET_MS;
}

/** A Shanghai wall-clock day and time → the instant. */
export function shanghaiInstant(date: IsoDate, time: string): Date {
  return new Date(shanghaiMidnightMs(date) + clockMinutes(time, true) * MS_PER_MINUTE);
}

function msIntoShanghaiDay(ms: number): number {
  // Dates before 1970 give negative ms; the double modulo keeps the result in [0, day).
  return (((ms + SHANGHAI_OFFSET_MS) % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
}

function insideBounds(msOfDay: number, { startMs, endMs }: { startMs: number; endMs: number }): boolean {
  return startMs < endMs ? startMs <= msOfDay && msOfDay < endMs : msOfDay >= startMs || msOfDay < endMs;
}

/** Start inclusive, end exclusive: with 09:00–21:00, 20:59:59.999 is in and 21:00 is out. */
export function isWithinSendWindow(instant: Date, window: SendWindow): boolean {
  return insideBounds(msIntoShanghaiDay(epochMs(instant)), windowBounds(window));
}

/**
 * The earliest instant ≥ `instant` inside the window: `instant` itself when allowed,
 * otherwise the next window start (22:30 Shanghai → 09:00 Shanghai the next day).
 */
export function nextSendTime(instant: Date, window: SendWindow): Date {
  const ms = epochMs(instant);
  const bounds = windowBounds(window);
  const msOfDay = msIntoShanghaiDay(ms);
  if (insideBounds(msOfDay, bounds)) return new Date(ms);
  const midnight = ms - msOfDay;
  // Outside a daytime window: before its start today, or after its end (start tomorrow).
  // Outside a window crossing midnight: always between its end and today's start.
  const dayOffset = msOfDay < bounds.startMs ? 0 : MS_PER_DAY;
  return new Date(midnight + dayOffset + bounds.startMs);
}

/**
 * When to send the greeting for an occasion: the window's start on the Shanghai day
 * `leadDays` before it (0 = on the day). Negative lead days give a day after, for
 * follow-ups.
 */
export function occasionSendTime(occasionDate: IsoDate, leadDays: number, window: SendWindow): Date {
  if (!Number.isInteger(leadDays)) throw new RangeError(`leadDays must be an integer, got ${leadDays}`);
  assertIsoDate(occasionDate); // before addDays, which would roll '02-30' over to March
  const { startMs } = windowBounds(window);
  return new Date(shanghaiMidnightMs(addDays(occasionDate, -leadDays)) + startMs);
}
