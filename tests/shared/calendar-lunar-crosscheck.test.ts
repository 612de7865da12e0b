import { Lunar } from 'lunar-javascript';
import { lunarBirthdaysOn, type LunarBirthday } from '@dealer/shared/domain/calendar/lunar-birthday';
import { addDays } from '@dealer/shared/domain/dates';

const lunar = (lunarMonth: number, lunarDay: number, isLeapMonth = false): LunarBirthday => ({
  lunarMonth,
  lunarDay,
  isLeapMonth
});

describe('cross-checks against independent calendars', () => {
  it("matches lunar-javascript's own Lunar.fromYmd at month starts and ends of sample years", () => {
    for (const y of [1900, 1954, 2000, 2023, 2024, 2025, 2026, 2027, 2028, 2033, 2099]) {
      for (let m = 1; m <= 12; m++) {
        for (const d of [1, 2, 15, 28, 29, 30]) {
          let expected: string;
          try {
            expected = Lunar.fromYmd(y, m, d).getSolar().toYmd();
          } catch {
            expected = Lunar.fromYmd(y, m, 29).getSolar().toYmd(); // day 30 of a short month
          }
          expect(lunarBirthdaysOn(expected)).toContainEqual(lunar(m, d));
        }
      }
    }
  });

  // ICU (Node's Intl) computes new moons approximately and puts two near-midnight ones on
  // the wrong day in 2020–2031: 2027-02-06 23:56 and 2030-02-03 00:07 Beijing time. The
  // official calendar (and lunar-javascript) has 春节 on 2027-02-06 and 2030-02-03.
  const ICU_KNOWN_WRONG: Array<[string, string]> = [
    ['2027-02-06', '2027-03-07'],
    ['2030-02-02', '2030-03-03']
  ];
  const icu = new Intl.DateTimeFormat('en-u-ca-chinese', {
    timeZone: 'UTC',
    month: 'numeric',
    day: 'numeric'
  });

  it('matches ICU for every day of 2020–2031 outside its two known errors', () => {
    for (let d = '2020-01-01'; d <= '2031-12-31'; d = addDays(d, 1)) {
      if (ICU_KNOWN_WRONG.some(([from, to]) => d >= from && d <= to)) continue;
      const parts = Object.fromEntries(
        icu.formatToParts(new Date(`${d}T00:00:00Z`)).map((p) => [p.type, p.value])
      );
      const b = lunar(parseInt(parts.month, 10), Number(parts.day), parts.month.endsWith('bis'));
      expect([d, lunarBirthdaysOn(d, { leapMonthRule: 'leap' })]).toEqual([d, expect.arrayContaining([b])]);
    }
  });
});
