import { HolidayUtil } from 'lunar-javascript';
import {
  FESTIVAL_RULES,
  festivalDate,
  festivalOn,
  festivalsInYear,
  type FestivalKey
} from '@dealer/shared/domain/calendar/festivals';
import { addDays } from '@dealer/shared/domain/dates';

/*
 * Hand-checked: lunar dates from new moons in Beijing time (春节 2027: new moon
 * 2027-02-06 23:56 → 6 Feb; ICU's approximation says 7 Feb, so Node's Intl calendar is
 * not a valid oracle for that month). 元宵 = 春节 + 14 days; 除夕 = the day before 春节:
 * 腊月廿九 in 2025–2027 because the twelfth month of lunar 2024, 2025 and 2026 has 29
 * days; 清明 is the solar term (2025-04-04 15:48, 2026-04-05, 2027-04-05).
 */
const EXPECTED: Record<number, Record<FestivalKey, string>> = {
  2025: {
    new_year: '2025-01-01',
    spring_festival_eve: '2025-01-28',
    spring_festival: '2025-01-29',
    lantern_festival: '2025-02-12',
    qingming: '2025-04-04',
    labour_day: '2025-05-01',
    dragon_boat: '2025-05-31',
    qixi: '2025-08-29',
    mid_autumn: '2025-10-06',
    national_day: '2025-10-01'
  },
  2026: {
    new_year: '2026-01-01',
    spring_festival_eve: '2026-02-16',
    spring_festival: '2026-02-17',
    lantern_festival: '2026-03-03',
    qingming: '2026-04-05',
    labour_day: '2026-05-01',
    dragon_boat: '2026-06-19',
    qixi: '2026-08-19',
    mid_autumn: '2026-09-25',
    national_day: '2026-10-01'
  },
  2027: {
    new_year: '2027-01-01',
    spring_festival_eve: '2027-02-05',
    spring_festival: '2027-02-06',
    lantern_festival: '2027-02-20',
    qingming: '2027-04-05',
    labour_day: '2027-05-01',
    dragon_boat: '2027-06-09',
    qixi: '2027-08-08',
    mid_autumn: '2027-09-15',
    national_day: '2027-10-01'
  }
};

describe('festivalsInYear', () => {
  it.each([2025, 2026, 2027])('%i: every festival on its hand-checked date', (year) => {
    const byKey = Object.fromEntries(festivalsInYear(year).map((f) => [f.key, f.date]));
    expect(byKey).toEqual(EXPECTED[year]);
  });

  it('lists each festival once, in date order, with its Chinese name', () => {
    const list = festivalsInYear(2026);
    expect(list.map((f) => f.date)).toEqual([...list.map((f) => f.date)].sort());
    expect(list).toHaveLength(FESTIVAL_RULES.length);
    expect(list.slice(0, 3)).toEqual([
      { key: 'new_year', name: '元旦', date: '2026-01-01' },
      { key: 'spring_festival_eve', name: '除夕', date: '2026-02-16' },
      { key: 'spring_festival', name: '春节', date: '2026-02-17' }
    ]);
  });

  it('除夕 is 腊月三十 when the twelfth month is long (2023, 2024)', () => {
    expect(festivalDate('spring_festival_eve', 2023)).toBe('2023-01-21');
    expect(festivalDate('spring_festival', 2023)).toBe('2023-01-22');
    expect(festivalDate('spring_festival_eve', 2024)).toBe('2024-02-09');
    expect(festivalDate('spring_festival', 2024)).toBe('2024-02-10');
  });

  it('清明 moves between 4 and 5 April', () => {
    const years = [2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027];
    expect(years.map((y) => festivalDate('qingming', y))).toEqual([
      '2020-04-04',
      '2021-04-04',
      '2022-04-05',
      '2023-04-05',
      '2024-04-04',
      '2025-04-04',
      '2026-04-05',
      '2027-04-05'
    ]);
  });

  it('every festival of 1900–2100 falls in its own year; lunar ones in their season', () => {
    for (let y = 1900; y <= 2100; y++) {
      for (const f of festivalsInYear(y)) expect(f.date.startsWith(`${y}-`)).toBe(true);
      const cny = festivalDate('spring_festival', y);
      expect(cny >= `${y}-01-21` && cny <= `${y}-02-20`).toBe(true);
      expect(festivalDate('spring_festival_eve', y)).toBe(addDays(cny, -1));
      expect(festivalDate('lantern_festival', y)).toBe(addDays(cny, 14));
    }
  });

  it('hands out copies: editing a result does not change the next one', () => {
    festivalsInYear(2025)[0].date = '1999-01-01';
    expect(festivalsInYear(2025)[0].date).toBe('2025-01-01');
  });

  it('rejects years outside 1900–2100 and unknown keys', () => {
    expect(() => festivalsInYear(1899)).toThrow(RangeError);
    expect(() => festivalsInYear(2101)).toThrow(RangeError);
    expect(() => festivalsInYear(2025.5)).toThrow(RangeError);
    expect(() => festivalDate('christmas' as FestivalKey, 2025)).toThrow(RangeError);
  });
});

describe('festivalOn', () => {
  it.each([
    ['2025-01-28', ['spring_festival_eve']],
    ['2025-01-29', ['spring_festival']],
    ['2025-10-06', ['mid_autumn']],
    ['2026-04-05', ['qingming']],
    ['2027-02-06', ['spring_festival']],
    ['2027-02-07', []],
    ['2025-10-07', []],
    // 中秋 on 国庆: both are returned.
    ['2020-10-01', ['mid_autumn', 'national_day']],
    ['2031-10-01', ['mid_autumn', 'national_day']]
  ])('%s → %j', (date, keys) => {
    expect(festivalOn(date).map((f) => f.key)).toEqual(keys);
  });

  it('finds exactly the festivals of the year, day by day (2026)', () => {
    const found: string[] = [];
    for (let d = '2026-01-01'; d <= '2026-12-31'; d = addDays(d, 1)) {
      for (const f of festivalOn(d)) found.push(`${f.key}:${d}`);
    }
    expect(found.sort()).toEqual(
      Object.entries(EXPECTED[2026])
        .map(([k, d]) => `${k}:${d}`)
        .sort()
    );
  });

  it('rejects impossible dates', () => {
    expect(() => festivalOn('2025-02-29')).toThrow(RangeError);
    expect(() => festivalOn('2025-1-1')).toThrow(RangeError);
  });
});

describe("agrees with lunar-javascript's HolidayUtil festival targets (2025, 2026)", () => {
  const TARGETS: Record<string, FestivalKey> = {
    元旦节: 'new_year',
    春节: 'spring_festival',
    清明节: 'qingming',
    劳动节: 'labour_day',
    端午节: 'dragon_boat',
    中秋节: 'mid_autumn',
    国庆节: 'national_day'
  };
  it.each([
    [2025, ['dragon_boat', 'labour_day', 'new_year', 'qingming', 'spring_festival']],
    [
      2026,
      ['dragon_boat', 'labour_day', 'mid_autumn', 'national_day', 'new_year', 'qingming', 'spring_festival']
    ]
  ])('%i', (year, keys) => {
    const checked = new Set<string>();
    for (const h of HolidayUtil.getHolidays(year)) {
      const key = TARGETS[h.getName()];
      if (key === undefined) continue; // 2025's combined 国庆中秋 targets 1 October only
      expect([h.getName(), festivalDate(key, year)]).toEqual([h.getName(), h.getTarget()]);
      checked.add(key);
    }
    expect([...checked].sort()).toEqual(keys);
  });
});
