import { z } from 'zod';
import { addDays, daysBetween, isIsoDate, type IsoDate } from '../dates';

/**
 * The statutory holiday schedule (放假 days and 调休 make-up working days) as data.
 * The State Council publishes each year's schedule late in the previous year, so an
 * operator adds a JSON file (shared/data/holidays/README.md) instead of waiting for a
 * package release. Tables are validated strictly: a typo in a date would otherwise send
 * greetings on a working day or keep quiet on a holiday, with no error anywhere.
 */

export interface HolidayPeriod {
  name: string;
  start: IsoDate;
  end: IsoDate;
}

export interface HolidayTable {
  year: number;
  source: string;
  /** Sorted by start; periods never overlap. */
  holidays: readonly HolidayPeriod[];
  /** Weekend days that are working days (调休上班), sorted. */
  workdays: readonly IsoDate[];
}

/** Longer than any period so far (9 days, 春节 2026); longer ones are typos. */
const MAX_PERIOD_DAYS = 14;

const isoDate = z.string().refine(isIsoDate, { message: "must be a real date 'YYYY-MM-DD'" });

const rawTable = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  source: z.string().trim().min(1, 'must name the notice the schedule comes from'),
  /** Free text for the operator (JSON has no comments). */
  notes: z.string().optional(),
  holidays: z.array(z.strictObject({ name: z.string().trim().min(1), start: isoDate, end: isoDate })).min(1),
  workdays: z.array(isoDate)
});
type RawTable = z.infer<typeof rawTable>;

function isWeekend(date: IsoDate): boolean {
  const [y, m, d] = date.split('-').map(Number);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/**
 * A year's notice may start in the previous December: 元旦 2019 was 2018-12-30 to
 * 2019-01-01 with 2018-12-29 worked, all in the 2019 notice.
 */
function allowedRange(year: number): { from: IsoDate; to: IsoDate } {
  return { from: `${year - 1}-12-01`, to: `${year}-12-31` };
}

/** The cross-field rules zod's shape cannot express; each issue names its path. */
function tableIssues(t: RawTable): string[] {
  const issues: string[] = [];
  const { from, to } = allowedRange(t.year);
  const outside = (d: IsoDate) => d < from || d > to;
  t.holidays.forEach((h, i) => {
    const at = `holidays[${i}] (${h.name})`;
    if (h.end < h.start) issues.push(`${at}: end ${h.end} is before start ${h.start}`);
    else if (daysBetween(h.start, h.end) + 1 > MAX_PERIOD_DAYS)
      issues.push(`${at}: ${h.start}–${h.end} is longer than ${MAX_PERIOD_DAYS} days`);
    for (const d of [h.start, h.end]) if (outside(d)) issues.push(`${at}: ${d} is outside ${from}–${to}`);
  });
  const sorted = [...t.holidays].sort((a, b) => (a.start < b.start ? -1 : 1));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].start <= sorted[i - 1].end)
      issues.push(`holidays: ${sorted[i - 1].name} and ${sorted[i].name} overlap`);
  }
  const seen = new Set<IsoDate>();
  t.workdays.forEach((d, i) => {
    const at = `workdays[${i}] ${d}`;
    if (seen.has(d)) issues.push(`${at}: listed twice`);
    seen.add(d);
    if (outside(d)) issues.push(`${at}: outside ${from}–${to}`);
    if (!isWeekend(d)) issues.push(`${at}: is a weekday; make-up working days are weekends`);
    const inside = t.holidays.find((h) => h.start <= d && d <= h.end);
    if (inside !== undefined) issues.push(`${at}: falls inside ${inside.name} ${inside.start}–${inside.end}`);
  });
  return issues;
}

export class HolidayTableError extends Error {
  readonly code = 'invalid_holiday_table';
  constructor(
    readonly label: string,
    readonly issues: readonly string[]
  ) {
    super(`Invalid holiday table ${label}:\n${issues.map((s) => `  - ${s}`).join('\n')}`);
    this.name = 'HolidayTableError';
  }
}

/**
 * Parsed JSON → a checked table. `label` (usually the file name) goes into the error so
 * an operator knows which file to fix; every problem is listed, not only the first.
 */
export function loadHolidayTable(json: unknown, label = 'holiday table'): HolidayTable {
  const parsed = rawTable.safeParse(json);
  if (!parsed.success) {
    throw new HolidayTableError(
      label,
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    );
  }
  const issues = tableIssues(parsed.data);
  if (issues.length > 0) throw new HolidayTableError(label, issues);
  const { year, source, holidays, workdays } = parsed.data;
  return {
    year,
    source,
    holidays: [...holidays].sort((a, b) => (a.start < b.start ? -1 : 1)),
    workdays: [...workdays].sort()
  };
}

type Tables = HolidayTable | readonly HolidayTable[];

function asList(tables: Tables): readonly HolidayTable[] {
  return 'year' in tables ? [tables] : tables;
}

function checkedDate(date: IsoDate): IsoDate {
  if (!isIsoDate(date)) throw new RangeError(`expected a real date 'YYYY-MM-DD', got '${date}'`);
  return date;
}

/** The statutory period (放假) containing `date`, or null. */
export function holidayPeriodOn(date: IsoDate, tables: Tables): HolidayPeriod | null {
  checkedDate(date);
  for (const table of asList(tables)) {
    const period = table.holidays.find((h) => h.start <= date && date <= h.end);
    if (period !== undefined) return period;
  }
  return null;
}

export function isStatutoryHoliday(date: IsoDate, tables: Tables): boolean {
  return holidayPeriodOn(date, tables) !== null;
}

/** A weekend day worked to make up for a holiday (调休上班). */
export function isMakeupWorkday(date: IsoDate, tables: Tables): boolean {
  checkedDate(date);
  return asList(tables).some((t) => t.workdays.includes(date));
}

/** Whether any table holds the schedule for the year of `date`. */
export function holidayDataCovers(date: IsoDate, tables: Tables): boolean {
  const year = Number(checkedDate(date).slice(0, 4));
  return asList(tables).some((t) => t.year === year);
}

/**
 * Is `date` an official working day? For a year no table covers this is the plain
 * Monday–Friday rule; callers that must not guess check `holidayDataCovers` first.
 */
export function isWorkingDay(date: IsoDate, tables: Tables): boolean {
  if (isMakeupWorkday(date, tables)) return true;
  if (isStatutoryHoliday(date, tables)) return false;
  return !isWeekend(date);
}

/** Every day of a period, for calendars and for tests. */
export function periodDays(period: HolidayPeriod): IsoDate[] {
  const days: IsoDate[] = [];
  for (let d = period.start; d <= period.end; d = addDays(d, 1)) days.push(d);
  return days;
}
