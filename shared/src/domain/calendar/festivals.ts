import { addDays, isIsoDate, type IsoDate } from '../dates';
import { assertCalendarYear, lunarToSolar, solarTermDate } from './lunar';

/**
 * Festival days by Gregorian year (docs/domain.md "Care plans and reminders"). Lunar festivals move every
 * year; each of these falls exactly once per Gregorian year because lunar months 1–8
 * of lunar year N always lie inside Gregorian year N.
 *
 * These are the festival days themselves, not the statutory days off around them: those
 * come from the holiday table (holidays.ts), which the State Council sets each year.
 */

export type FestivalKey =
  | 'new_year'
  | 'spring_festival_eve'
  | 'spring_festival'
  | 'lantern_festival'
  | 'qingming'
  | 'labour_day'
  | 'dragon_boat'
  | 'qixi'
  | 'mid_autumn'
  | 'national_day';

export interface Festival {
  key: FestivalKey;
  name: string;
  date: IsoDate;
}

type Rule =
  | { kind: 'solar'; month: number; day: number }
  | { kind: 'lunar'; month: number; day: number }
  | { kind: 'solar_term'; term: string }
  | { kind: 'eve_of'; key: FestivalKey };

interface FestivalRule {
  key: FestivalKey;
  name: string;
  rule: Rule;
}

/** Every festival we greet for; the care settings choose which ones a dealership uses. */
export const FESTIVAL_RULES: readonly FestivalRule[] = [
  { key: 'new_year', name: '元旦', rule: { kind: 'solar', month: 1, day: 1 } },
  // 除夕 is the last day of the lunar year: 腊月廿九 when the twelfth month is short
  // (2025, 2026, 2027), 腊月三十 otherwise, hence "the eve of 春节" rather than 12/30.
  { key: 'spring_festival_eve', name: '除夕', rule: { kind: 'eve_of', key: 'spring_festival' } },
  { key: 'spring_festival', name: '春节', rule: { kind: 'lunar', month: 1, day: 1 } },
  { key: 'lantern_festival', name: '元宵节', rule: { kind: 'lunar', month: 1, day: 15 } },
  // 清明 is a solar term, not a fixed day: 4 April in 2025, 5 April in 2026 and 2027.
  { key: 'qingming', name: '清明节', rule: { kind: 'solar_term', term: '清明' } },
  { key: 'labour_day', name: '劳动节', rule: { kind: 'solar', month: 5, day: 1 } },
  { key: 'dragon_boat', name: '端午节', rule: { kind: 'lunar', month: 5, day: 5 } },
  { key: 'qixi', name: '七夕', rule: { kind: 'lunar', month: 7, day: 7 } },
  { key: 'mid_autumn', name: '中秋节', rule: { kind: 'lunar', month: 8, day: 15 } },
  { key: 'national_day', name: '国庆节', rule: { kind: 'solar', month: 10, day: 1 } }
];

const pad = (n: number) => String(n).padStart(2, '0');

function dateOf(rule: Rule, year: number): IsoDate {
  switch (rule.kind) {
    case 'solar':
      return `${year}-${pad(rule.month)}-${pad(rule.day)}`;
    case 'lunar':
      // Always the ordinary month: a leap month of the same number comes after it.
      return lunarToSolar(year, rule.month, rule.day, false);
    case 'solar_term':
      return solarTermDate(year, rule.term);
    case 'eve_of': {
      const target = FESTIVAL_RULES.find((f) => f.key === rule.key);
      if (target === undefined) throw new Error(`unknown festival ${rule.key}`);
      return addDays(dateOf(target.rule, year), -1);
    }
  }
}

/** Solar terms cost about a millisecond each and a daily job asks for the same year. */
const festivalsByYear = new Map<number, readonly Festival[]>();

/** The festivals of a Gregorian year, in date order (ties keep FESTIVAL_RULES order). */
export function festivalsInYear(year: number): Festival[] {
  assertCalendarYear(year);
  let festivals = festivalsByYear.get(year);
  if (festivals === undefined) {
    festivals = FESTIVAL_RULES.map(({ key, name, rule }) => ({ key, name, date: dateOf(rule, year) })).sort(
      (a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)
    );
    festivalsByYear.set(year, festivals);
  }
  // Copies, so a caller editing its list cannot corrupt the cache.
  return festivals.map((f) => ({ ...f }));
}

/**
 * Festivals on a day. A list, because two can coincide: 中秋 fell on 国庆 (1 October)
 * in 2001 and 2020, and will again in 2031.
 */
export function festivalOn(date: IsoDate): Festival[] {
  if (!isIsoDate(date)) throw new RangeError(`expected a real date 'YYYY-MM-DD', got '${date}'`);
  return festivalsInYear(Number(date.slice(0, 4))).filter((f) => f.date === date);
}

/** One festival's date in a Gregorian year. */
export function festivalDate(key: FestivalKey, year: number): IsoDate {
  assertCalendarYear(year);
  const festival = FESTIVAL_RULES.find((f) => f.key === key);
  if (festival === undefined) throw new RangeError(`unknown festival '${key}'`);
  return dateOf(festival.rule, year);
}
