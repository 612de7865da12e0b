import { isIsoDate, makeIsoDate, type IsoDate } from '../dates';
import { assertCalendarYear, leapMonthOf, lunarMonthDays, lunarToSolar, solarToLunar } from './lunar';

/**
 * When a birthday is celebrated in a given Gregorian year (docs/domain.md "Care plans and reminders";
 * docs/wechat.md "Chinese calendar").
 *
 * Lunar birthdays (农历生日):
 * - Day 30 in a month that has only 29 days this year is celebrated on day 29 (the
 *   month's last day), never spilling into the next month.
 * - Born in a leap month (闰月): in years without that leap month, the ordinary month of the
 *   same number. In years that have it, see LeapMonthRule (default: the ordinary month).
 * - A lunar year straddles two Gregorian years, so a Gregorian year can hold 0, 1 or 2
 *   celebrations. Example, lunar 11/15: lunar 2024's falls on 2024-12-15 and lunar 2025's
 *   on 2026-01-03, so 2025 has none; 2026 has two (2026-01-03, 2026-12-23). Lookups
 *   therefore return every celebration, and `birthdayOn` asks about one day, which is what
 *   a daily scheduler needs: over the years no celebration is skipped or doubled.
 *
 * Solar birthdays: 29 February is celebrated on 28 February in common years, as
 * `addYears` does (the month's last day, 民法典 art. 203): it stays in the birth month
 * and a greeting a day early reads better than one a day late (some people use 1 March).
 */

export interface LunarBirthday {
  lunarMonth: number;
  lunarDay: number;
  isLeapMonth: boolean;
}

/**
 * 'regular' (default): always the ordinary month. Most people born in a leap month keep
 *   the ordinary month; one rule for every year; and for those who do keep the leap month
 *   the greeting comes a month early rather than a month late.
 * 'leap': in the leap month when the year has the same leap month (the exact anniversary).
 */
export type LeapMonthRule = 'regular' | 'leap';

export interface LunarBirthdayOptions {
  leapMonthRule?: LeapMonthRule;
}

/** The stored form (customer and owner records: shared/api customers, bindings). */
export type Birthday =
  | { calendar: 'solar'; date: string }
  | { calendar: 'lunar'; lunarMonth: number; lunarDay: number; lunarLeapMonth?: boolean | null };

function assertLunarBirthday(b: LunarBirthday): void {
  const { lunarMonth, lunarDay, isLeapMonth } = b;
  if (!Number.isInteger(lunarMonth) || lunarMonth < 1 || lunarMonth > 12) {
    throw new RangeError(`lunarMonth must be an integer 1–12, got ${lunarMonth}`);
  }
  if (!Number.isInteger(lunarDay) || lunarDay < 1 || lunarDay > 30) {
    throw new RangeError(`lunarDay must be an integer 1–30, got ${lunarDay}`);
  }
  if (typeof isLeapMonth !== 'boolean') throw new RangeError('isLeapMonth must be a boolean');
}

function assertIsoDate(date: string): void {
  if (!isIsoDate(date)) throw new RangeError(`expected a real date 'YYYY-MM-DD', got '${date}'`);
}

/** The solar date on which lunar year `lunarYear` celebrates this birthday. */
function celebrationInLunarYear(b: LunarBirthday, lunarYear: number, rule: LeapMonthRule): IsoDate {
  const inLeapMonth = b.isLeapMonth && rule === 'leap' && leapMonthOf(lunarYear) === b.lunarMonth;
  const days = lunarMonthDays(lunarYear, b.lunarMonth, inLeapMonth);
  // An ordinary month always exists and the leap one was checked above.
  if (days === null) throw new Error(`lunar month ${b.lunarMonth} missing in ${lunarYear}`);
  return lunarToSolar(lunarYear, b.lunarMonth, Math.min(b.lunarDay, days), inLeapMonth);
}

/**
 * Every solar date in `solarYear` on which the lunar birthday is celebrated, ascending:
 * usually one, none or two in rare years (see the module comment).
 */
export function lunarBirthdayInYear(
  birthday: LunarBirthday,
  solarYear: number,
  options: LunarBirthdayOptions = {}
): IsoDate[] {
  assertLunarBirthday(birthday);
  assertCalendarYear(solarYear);
  const rule = options.leapMonthRule ?? 'regular';
  // Lunar year N begins between 21 Jan and 20 Feb of year N and lasts under 14 months,
  // so only lunar years N-1 and N can have dates in solar year N.
  return [solarYear - 1, solarYear]
    .map((lunarYear) => celebrationInLunarYear(birthday, lunarYear, rule))
    .filter((date) => date.startsWith(`${solarYear}-`));
}

const MONTH_DAY = /^(?:(\d{4})-)?(\d{2})-(\d{2})$/;

/** Month and day of 'MM-DD' or 'YYYY-MM-DD' (a date of birth); throws when not a real day. */
function parseSolarBirthday(birthday: string): { month: number; day: number } {
  const m = MONTH_DAY.exec(birthday);
  // 2000 is a leap year, so '02-29' passes while '02-30' does not.
  const valid =
    m !== null &&
    (m[1] === undefined ? makeIsoDate(2000, Number(m[2]), Number(m[3])) !== null : isIsoDate(birthday));
  if (!valid || m === null) throw new RangeError(`expected 'MM-DD' or 'YYYY-MM-DD', got '${birthday}'`);
  return { month: Number(m[2]), day: Number(m[3]) };
}

/** The day a solar birthday is celebrated in `year`; 29 Feb → 28 Feb in common years. */
export function solarBirthdayInYear(birthday: string, year: number): IsoDate {
  const { month, day } = parseSolarBirthday(birthday);
  assertCalendarYear(year);
  const celebrated = makeIsoDate(year, month, day) ?? makeIsoDate(year, month, day - 1);
  if (celebrated === null) throw new Error(`unreachable: ${birthday} in ${year}`);
  return celebrated;
}

function toLunarBirthday(b: Extract<Birthday, { calendar: 'lunar' }>): LunarBirthday {
  return { lunarMonth: b.lunarMonth, lunarDay: b.lunarDay, isLeapMonth: b.lunarLeapMonth === true };
}

/** Every celebration of a stored birthday in a Gregorian year, ascending. */
export function birthdaysInYear(
  birthday: Birthday,
  year: number,
  options: LunarBirthdayOptions = {}
): IsoDate[] {
  return birthday.calendar === 'solar'
    ? [solarBirthdayInYear(birthday.date, year)]
    : lunarBirthdayInYear(toLunarBirthday(birthday), year, options);
}

/** Is `date` (a calendar day in Asia/Shanghai, 'YYYY-MM-DD') a day this birthday is celebrated? */
export function birthdayOn(birthday: Birthday, date: IsoDate, options: LunarBirthdayOptions = {}): boolean {
  assertIsoDate(date);
  return birthdaysInYear(birthday, Number(date.slice(0, 4)), options).includes(date);
}

/** The first celebration on or after `fromDate` (today counts); RangeError past 2100. */
export function nextBirthday(
  birthday: Birthday,
  fromDate: IsoDate,
  options: LunarBirthdayOptions = {}
): IsoDate {
  assertIsoDate(fromDate);
  const year = Number(fromDate.slice(0, 4));
  // Three years: from 2024-12-16 the next 冬月十五 skips 2025 entirely (2026-01-03).
  for (const y of [year, year + 1, year + 2]) {
    const next = birthdaysInYear(birthday, y, options).find((date) => date >= fromDate);
    if (next !== undefined) return next;
  }
  throw new Error(`unreachable: no celebration within three years of ${fromDate}`);
}

/**
 * The inverse, for a daily job that queries by birthday rather than testing every
 * customer: each lunar birthday celebrated on `date`. The candidates are the lunar
 * date itself (ordinary or leap) and, on day 29 of a short month, day 30.
 */
export function lunarBirthdaysOn(date: IsoDate, options: LunarBirthdayOptions = {}): LunarBirthday[] {
  assertIsoDate(date);
  const { month, day } = solarToLunar(date);
  const days = day === 29 ? [29, 30] : [day];
  const candidates = days.flatMap((lunarDay) =>
    [false, true].map((isLeapMonth) => ({ lunarMonth: month, lunarDay, isLeapMonth }))
  );
  const year = Number(date.slice(0, 4));
  return candidates.filter((b) => lunarBirthdayInYear(b, year, options).includes(date));
}

/** Each 'MM-DD' solar birthday celebrated on `date`: '02-28' also brings '02-29' in common years. */
export function solarBirthdaysOn(date: IsoDate): string[] {
  assertIsoDate(date);
  const year = Number(date.slice(0, 4));
  const monthDay = date.slice(5);
  return monthDay === '02-28' && makeIsoDate(year, 2, 29) === null ? ['02-28', '02-29'] : [monthDay];
}
