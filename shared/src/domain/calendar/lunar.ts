// lunar-javascript ships no types. A reference, rather than tsconfig "include", keeps the
// declarations visible to every program that compiles this file (the mini-program's too).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- see above
/// <reference path="./lunar-javascript.d.ts" />
import { Lunar, LunarYear, Solar } from 'lunar-javascript';
import { addDays, daysBetween, type IsoDate } from '../dates';

/**
 * The one place that talks to lunar-javascript, so that switching to another lunar
 * library (lunar-typescript, chinese-days) touches this file only. Everything here is
 * keyed by *lunar* year: lunar year 2024 runs from 2024-02-10 to 2025-01-28.
 */

/** Range we promise (the same as shared/domain/dates); the library itself goes further. */
export const MIN_CALENDAR_YEAR = 1900;
export const MAX_CALENDAR_YEAR = 2100;

export function assertCalendarYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_CALENDAR_YEAR || year > MAX_CALENDAR_YEAR) {
    throw new RangeError(`year must be an integer ${MIN_CALENDAR_YEAR}–${MAX_CALENDAR_YEAR}, got ${year}`);
  }
}

interface LunarMonthSpan {
  month: number;
  leap: boolean;
  firstDay: IsoDate;
  days: number;
}

/**
 * Month layout per lunar year, computed once. The library rebuilds a year on every call
 * (about 0.7 ms) and caches only the last one, which thrashes when a lookup alternates
 * between two lunar years as lunarBirthdayInYear does. At most ~200 small entries.
 */
const monthsByYear = new Map<number, readonly LunarMonthSpan[]>();

function monthsOf(lunarYear: number): readonly LunarMonthSpan[] {
  let months = monthsByYear.get(lunarYear);
  if (months === undefined) {
    months = LunarYear.fromYear(lunarYear)
      .getMonthsInYear()
      .map((m) => ({
        month: Math.abs(m.getMonth()),
        leap: m.isLeap(),
        firstDay: Solar.fromJulianDay(m.getFirstJulianDay()).toYmd(),
        days: m.getDayCount()
      }));
    monthsByYear.set(lunarYear, months);
  }
  return months;
}

function findMonth(lunarYear: number, month: number, leap: boolean): LunarMonthSpan | undefined {
  return monthsOf(lunarYear).find((m) => m.month === month && m.leap === leap);
}

/** The month repeated as a leap month (闰月) in this lunar year; 0 when there is none. */
export function leapMonthOf(lunarYear: number): number {
  return monthsOf(lunarYear).find((m) => m.leap)?.month ?? 0;
}

/** 29 or 30; null when the month does not exist (a leap month the year lacks). */
export function lunarMonthDays(lunarYear: number, month: number, leap: boolean): number | null {
  return findMonth(lunarYear, month, leap)?.days ?? null;
}

/** Solar date of an existing lunar date; throws for a day or leap month that does not exist. */
export function lunarToSolar(lunarYear: number, month: number, day: number, leap: boolean): IsoDate {
  const span = findMonth(lunarYear, month, leap);
  if (span === undefined || !Number.isInteger(day) || day < 1 || day > span.days) {
    throw new RangeError(`no lunar date ${lunarYear}-${leap ? '闰' : ''}${month}-${day}`);
  }
  return addDays(span.firstDay, day - 1);
}

export interface LunarDate {
  lunarYear: number;
  month: number;
  day: number;
  leap: boolean;
}

/** The lunar date of a valid solar 'YYYY-MM-DD' (from the cached month layout). */
export function solarToLunar(date: IsoDate): LunarDate {
  const year = Number(date.slice(0, 4));
  // A solar date belongs to the lunar year of the same number or the one before.
  for (const lunarYear of [year, year - 1]) {
    for (const span of monthsOf(lunarYear)) {
      const day = daysBetween(span.firstDay, date) + 1;
      if (day >= 1 && day <= span.days) return { lunarYear, month: span.month, day, leap: span.leap };
    }
  }
  throw new RangeError(`no lunar date for ${date}`);
}

/**
 * Day of a solar term (节气) in a Gregorian year, by its Chinese name ('清明').
 * The library computes terms in Beijing time, which is the day people observe.
 * A lunar year's table runs from the previous winter solstice (冬至, December of year N-1)
 * to early in year N+1, so we take whichever of lunar years N and N+1 puts the term in N.
 */
export function solarTermDate(year: number, name: string): IsoDate {
  for (const lunarYear of [year, year + 1]) {
    const day = Lunar.fromYmd(lunarYear, 1, 1).getJieQiTable()[name];
    if (day !== undefined && day.getYear() === year) return day.toYmd();
  }
  throw new RangeError(`no solar term named ${name} in ${year}`);
}
