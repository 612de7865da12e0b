import {
  birthdayOn,
  birthdaysInYear,
  lunarBirthdayInYear,
  lunarBirthdaysOn,
  nextBirthday,
  solarBirthdayInYear,
  solarBirthdaysOn,
  type Birthday,
  type LunarBirthday
} from '@dealer/shared/domain/calendar/lunar-birthday';
import { addDays, daysBetween } from '@dealer/shared/domain/dates';

/*
 * Facts used below, from lunar-javascript and checked by hand (month starts add up) and
 * against ICU's Chinese calendar at the end of this file:
 *   lunar 2024: 12th month 29 days, 除夕 2025-01-28.   lunar 2022: 12th month 30 days.
 *   lunar 2025: 2nd month 29 days (2/1 = 2025-02-28); 6th month 2025-06-25..07-24 (30
 *     days); 闰六月 2025-07-25..08-22 (29 days); 8th month 29 days (8/1 = 09-22);
 *     12th month 29 days (12/29 = 2026-02-16).
 *   lunar 2023: 二月 2023-02-20..03-21 (30 days); 闰二月 2023-03-22..04-19.
 *   lunar 2026: 6/1 = 2026-07-14 (30 days); 8/1 = 09-11 (29 days). 2027: 5/1 = 06-05 (29).
 *   lunar 2028 has 闰五月, not 闰六月.
 * calendar-lunar-crosscheck.test.ts compares the whole mapping with two other calendars.
 */
const lunar = (lunarMonth: number, lunarDay: number, isLeapMonth = false): LunarBirthday => ({
  lunarMonth,
  lunarDay,
  isLeapMonth
});

describe('lunarBirthdayInYear: day 30 in a 29-day month is day 29', () => {
  it.each([
    ['二月三十, 2025 (2nd month has 29 days)', lunar(2, 30), 2025, ['2025-03-28']],
    ['二月三十, 2024 (2nd month has 30 days)', lunar(2, 30), 2024, ['2024-04-08']],
    ['八月三十, 2025', lunar(8, 30), 2025, ['2025-10-20']],
    ['八月三十, 2026', lunar(8, 30), 2026, ['2026-10-09']],
    ['五月三十, 2027', lunar(5, 30), 2027, ['2027-07-03']],
    ['腊月三十, 2025 (lunar 2024 ends on 廿九)', lunar(12, 30), 2025, ['2025-01-28']],
    ['腊月三十, 2026', lunar(12, 30), 2026, ['2026-02-16']],
    ['腊月三十, 2027', lunar(12, 30), 2027, ['2027-02-05']],
    ['腊月三十, 2023 (lunar 2022 has 三十)', lunar(12, 30), 2023, ['2023-01-21']],
    ['腊月三十, 2024', lunar(12, 30), 2024, ['2024-02-09']],
    ['二月廿九 is unaffected', lunar(2, 29), 2025, ['2025-03-28']]
  ])('%s', (_label, birthday, year, expected) => {
    expect(lunarBirthdayInYear(birthday, year)).toEqual(expected);
  });
});

describe('lunarBirthdayInYear: leap-month birthdays', () => {
  it('闰六月 birthday in 2025 (which has 闰六月): the ordinary month by default', () => {
    expect(lunarBirthdayInYear(lunar(6, 10, true), 2025)).toEqual(['2025-07-04']);
    expect(lunarBirthdayInYear(lunar(6, 10, true), 2025, { leapMonthRule: 'regular' })).toEqual([
      '2025-07-04'
    ]);
  });

  it("闰六月 birthday in 2025 with leapMonthRule 'leap': the leap month", () => {
    expect(lunarBirthdayInYear(lunar(6, 10, true), 2025, { leapMonthRule: 'leap' })).toEqual(['2025-08-03']);
  });

  it('闰六月 birthday in years without 闰六月: the ordinary month, whatever the rule', () => {
    for (const leapMonthRule of ['regular', 'leap'] as const) {
      expect(lunarBirthdayInYear(lunar(6, 10, true), 2026, { leapMonthRule })).toEqual(['2026-07-23']);
      // 2028 has a leap month, but it is the fifth.
      expect(lunarBirthdayInYear(lunar(6, 10, true), 2028, { leapMonthRule })).toEqual(['2028-07-31']);
    }
  });

  it('闰六月三十: the leap month of 2025 has 29 days, the ordinary one 30', () => {
    expect(lunarBirthdayInYear(lunar(6, 30, true), 2025, { leapMonthRule: 'leap' })).toEqual(['2025-08-22']);
    expect(lunarBirthdayInYear(lunar(6, 30, true), 2025)).toEqual(['2025-07-24']);
    expect(lunarBirthdayInYear(lunar(6, 30, true), 2026)).toEqual(['2026-08-12']);
  });

  it('an ordinary-month birthday never moves into the leap month', () => {
    expect(lunarBirthdayInYear(lunar(6, 10), 2025, { leapMonthRule: 'leap' })).toEqual(['2025-07-04']);
  });

  it('闰二月 (2023)', () => {
    expect(lunarBirthdayInYear(lunar(2, 15, true), 2023)).toEqual(['2023-03-06']);
    expect(lunarBirthdayInYear(lunar(2, 15, true), 2023, { leapMonthRule: 'leap' })).toEqual(['2023-04-05']);
    expect(lunarBirthdayInYear(lunar(2, 15, true), 2024, { leapMonthRule: 'leap' })).toEqual(['2024-03-24']);
  });
});

describe('lunarBirthdayInYear: a Gregorian year with no or two celebrations', () => {
  it('冬月十五: lunar 2024 → 2024-12-15, lunar 2025 → 2026-01-03, lunar 2026 → 2026-12-23', () => {
    expect(lunarBirthdayInYear(lunar(11, 15), 2024)).toEqual(['2024-12-15']);
    expect(lunarBirthdayInYear(lunar(11, 15), 2025)).toEqual([]);
    expect(lunarBirthdayInYear(lunar(11, 15), 2026)).toEqual(['2026-01-03', '2026-12-23']);
  });

  it('every lunar year is celebrated exactly once: 353–385 days apart, nothing skipped or doubled', () => {
    for (const leapMonthRule of ['regular', 'leap'] as const) {
      for (let m = 1; m <= 12; m++) {
        for (let d = 1; d <= 30; d++) {
          for (const leap of [false, true]) {
            const dates = [2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028].flatMap((y) =>
              lunarBirthdayInYear(lunar(m, d, leap), y, { leapMonthRule })
            );
            const gaps = dates.slice(1).map((date, i) => daysBetween(dates[i], date));
            // A lunar year has 353–355 or 383–385 days; moving 30 → 29 shifts by one more.
            // So no year is doubled (< 352) or skipped (≥ 706)…
            expect(gaps.every((g) => g >= 352 && g <= 386)).toBe(true);
            // …and none missing at either end of the nine years.
            expect(daysBetween('2020-01-01', dates[0])).toBeLessThan(386);
            expect(daysBetween(dates[dates.length - 1], '2028-12-31')).toBeLessThan(386);
          }
        }
      }
    }
  });
});

describe('solarBirthdayInYear', () => {
  it.each([
    ['02-29', 2025, '2025-02-28'],
    ['1996-02-29', 2025, '2025-02-28'],
    ['1996-02-29', 2028, '2028-02-29'],
    ['02-29', 2100, '2100-02-28'],
    ['02-29', 2000, '2000-02-29'],
    ['1990-05-20', 2026, '2026-05-20'],
    ['12-31', 2025, '2025-12-31'],
    ['01-01', 2025, '2025-01-01']
  ])('%s in %i → %s', (birthday, year, expected) => {
    expect(solarBirthdayInYear(birthday, year)).toBe(expected);
  });

  it.each(['02-30', '13-01', '2-3', '1995-02-29', '1990-5-20', '', '05-20x'])('rejects %p', (birthday) => {
    expect(() => solarBirthdayInYear(birthday, 2025)).toThrow(RangeError);
  });
});

describe('birthdayOn and birthdaysInYear with stored birthdays', () => {
  const leapBorn: Birthday = { calendar: 'lunar', lunarMonth: 6, lunarDay: 10, lunarLeapMonth: true };
  const feb29: Birthday = { calendar: 'solar', date: '1996-02-29' };

  it('solar 29 Feb: 28 Feb in 2025, not 1 March; 29 Feb in 2028', () => {
    expect(birthdayOn(feb29, '2025-02-28')).toBe(true);
    expect(birthdayOn(feb29, '2025-03-01')).toBe(false);
    expect(birthdayOn(feb29, '2028-02-29')).toBe(true);
    expect(birthdayOn(feb29, '2028-02-28')).toBe(false);
  });

  it('lunar: stored lunarLeapMonth true / null / absent', () => {
    expect(birthdayOn(leapBorn, '2025-07-04')).toBe(true);
    expect(birthdayOn(leapBorn, '2025-08-03')).toBe(false);
    expect(birthdayOn(leapBorn, '2025-08-03', { leapMonthRule: 'leap' })).toBe(true);
    expect(
      birthdayOn({ calendar: 'lunar', lunarMonth: 12, lunarDay: 30, lunarLeapMonth: null }, '2026-02-16')
    ).toBe(true);
    expect(birthdayOn({ calendar: 'lunar', lunarMonth: 12, lunarDay: 30 }, '2026-02-17')).toBe(false);
  });

  it('birthdaysInYear returns both celebrations of a two-birthday year', () => {
    expect(birthdaysInYear({ calendar: 'lunar', lunarMonth: 11, lunarDay: 15 }, 2026)).toEqual([
      '2026-01-03',
      '2026-12-23'
    ]);
    expect(birthdaysInYear(feb29, 2027)).toEqual(['2027-02-28']);
  });

  it('rejects impossible dates and lunar fields out of range', () => {
    expect(() => birthdayOn(feb29, '2025-02-29')).toThrow(RangeError);
    for (const [m, d] of [
      [0, 1],
      [13, 1],
      [1, 0],
      [1, 31],
      [1.5, 1],
      [1, Number.NaN]
    ]) {
      expect(() => lunarBirthdayInYear(lunar(m, d), 2025)).toThrow(RangeError);
    }
    expect(() => lunarBirthdayInYear(lunar(1, 1), 1899)).toThrow(RangeError);
    expect(() => lunarBirthdayInYear(lunar(1, 1), 2101)).toThrow(RangeError);
  });
});

describe('nextBirthday (today counts)', () => {
  const winter: Birthday = { calendar: 'lunar', lunarMonth: 11, lunarDay: 15 };
  const feb29: Birthday = { calendar: 'solar', date: '02-29' };
  it.each([
    [winter, '2025-01-01', '2026-01-03'],
    [winter, '2026-01-03', '2026-01-03'],
    [winter, '2026-01-04', '2026-12-23'],
    [winter, '2024-12-16', '2026-01-03'],
    [feb29, '2025-03-01', '2026-02-28'],
    [feb29, '2027-03-01', '2028-02-29'],
    [feb29, '2028-02-29', '2028-02-29'],
    [{ calendar: 'solar', date: '1990-05-20' } as Birthday, '2025-05-21', '2026-05-20'],
    [{ calendar: 'lunar', lunarMonth: 1, lunarDay: 1 } as Birthday, '2026-01-01', '2026-02-17']
  ])('%j from %s → %s', (birthday, from, expected) => {
    expect(nextBirthday(birthday, from)).toBe(expected);
  });
});

describe('lunarBirthdaysOn / solarBirthdaysOn (the inverse, for a daily query)', () => {
  it('2026-02-16 (腊月廿九, last day of the year) is 廿九 and 三十', () => {
    expect(lunarBirthdaysOn('2026-02-16')).toEqual([
      lunar(12, 29),
      lunar(12, 29, true),
      lunar(12, 30),
      lunar(12, 30, true)
    ]);
  });

  it('ordinary vs leap month of 2025', () => {
    expect(lunarBirthdaysOn('2025-07-04')).toEqual([lunar(6, 10), lunar(6, 10, true)]);
    expect(lunarBirthdaysOn('2025-07-04', { leapMonthRule: 'leap' })).toEqual([lunar(6, 10)]);
    expect(lunarBirthdaysOn('2025-08-03')).toEqual([]);
    expect(lunarBirthdaysOn('2025-08-03', { leapMonthRule: 'leap' })).toEqual([lunar(6, 10, true)]);
    expect(lunarBirthdaysOn('2025-08-22', { leapMonthRule: 'leap' })).toEqual([
      lunar(6, 29, true),
      lunar(6, 30, true)
    ]);
  });

  it('agrees with birthdayOn for every day of 2025–2026 and every lunar birthday', () => {
    const all = [false, true].flatMap((leap) =>
      Array.from({ length: 360 }, (_, i) => lunar(Math.floor(i / 30) + 1, (i % 30) + 1, leap))
    );
    for (const leapMonthRule of ['regular', 'leap'] as const) {
      const expected = new Map<string, number>();
      for (const b of all) {
        for (const y of [2025, 2026])
          for (const d of lunarBirthdayInYear(b, y, { leapMonthRule })) {
            expected.set(d, (expected.get(d) ?? 0) + 1);
          }
      }
      for (let d = '2025-01-01'; d <= '2026-12-31'; d = addDays(d, 1)) {
        const found = lunarBirthdaysOn(d, { leapMonthRule });
        expect(found.length).toBe(expected.get(d) ?? 0);
        for (const b of found)
          expect(lunarBirthdayInYear(b, Number(d.slice(0, 4)), { leapMonthRule })).toContain(d);
      }
    }
  });

  it.each([
    ['2025-02-28', ['02-28', '02-29']],
    ['2028-02-28', ['02-28']],
    ['2028-02-29', ['02-29']],
    ['2100-02-28', ['02-28', '02-29']],
    ['2025-03-01', ['03-01']]
  ])('solar %s → %j', (date, keys) => {
    expect(solarBirthdaysOn(date)).toEqual(keys);
  });
});
