import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HolidayUtil } from 'lunar-javascript';
import { BUNDLED_HOLIDAY_TABLES } from '@dealer/shared/domain/calendar/holiday-data';
import {
  HolidayTableError,
  holidayDataCovers,
  holidayPeriodOn,
  isMakeupWorkday,
  isStatutoryHoliday,
  isWorkingDay,
  loadHolidayTable,
  periodDays,
  type HolidayTable
} from '@dealer/shared/domain/calendar/holidays';
import { addDays } from '@dealer/shared/domain/dates';

const DATA_DIR = join(__dirname, '../../shared/data/holidays');
const table = (year: number): HolidayTable => {
  const found = BUNDLED_HOLIDAY_TABLES.find((t) => t.year === year);
  if (found === undefined) throw new Error(`no bundled table for ${year}`);
  return found;
};

describe('bundled tables: 2025 (State Council notice of 2024-11-12)', () => {
  const t2025 = () => table(2025);
  it.each([
    ['2025-01-01', '元旦'],
    ['2025-01-28', '春节'],
    ['2025-02-04', '春节'],
    ['2025-04-04', '清明节'],
    ['2025-04-06', '清明节'],
    ['2025-05-01', '劳动节'],
    ['2025-05-05', '劳动节'],
    ['2025-05-31', '端午节'],
    ['2025-06-02', '端午节'],
    ['2025-10-01', '国庆节、中秋节'],
    ['2025-10-08', '国庆节、中秋节']
  ])('%s is a statutory holiday (%s)', (date, name) => {
    expect(isStatutoryHoliday(date, t2025())).toBe(true);
    expect(holidayPeriodOn(date, t2025())?.name).toBe(name);
    expect(isWorkingDay(date, t2025())).toBe(false);
  });

  it.each(['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'])(
    '%s is a make-up working day (调休上班) though a weekend',
    (date) => {
      expect(isMakeupWorkday(date, t2025())).toBe(true);
      expect(isStatutoryHoliday(date, t2025())).toBe(false);
      expect(holidayPeriodOn(date, t2025())).toBeNull();
      expect(isWorkingDay(date, t2025())).toBe(true);
    }
  );

  it.each([
    ['2025-01-27', true, 'Monday before 春节'],
    ['2025-02-05', true, 'Wednesday after 春节'],
    ['2025-02-09', false, 'an ordinary Sunday'],
    ['2025-10-09', true, 'Thursday after 国庆'],
    ['2025-12-31', true, 'Wednesday']
  ])('%s working day: %s (%s)', (date, working) => {
    expect(isWorkingDay(date, t2025())).toBe(working);
    expect(isStatutoryHoliday(date, t2025())).toBe(false);
  });

  it('has 28 days off (1 + 8 + 3 + 5 + 3 + 8) and 5 make-up days', () => {
    expect(t2025().holidays.flatMap(periodDays)).toHaveLength(28);
    expect(t2025().workdays).toHaveLength(5);
  });
});

describe('bundled tables: 2026', () => {
  it.each([
    ['2026-01-03', true, false],
    ['2026-01-04', false, true],
    ['2026-02-14', false, true],
    ['2026-02-15', true, false],
    ['2026-02-23', true, false],
    ['2026-02-28', false, true],
    ['2026-05-09', false, true],
    ['2026-06-19', true, false],
    ['2026-09-20', false, true],
    ['2026-09-25', true, false],
    ['2026-10-07', true, false],
    ['2026-10-10', false, true],
    ['2026-02-24', false, false]
  ])('%s holiday %s, make-up working day %s', (date, holiday, makeup) => {
    expect(isStatutoryHoliday(date, BUNDLED_HOLIDAY_TABLES)).toBe(holiday);
    expect(isMakeupWorkday(date, BUNDLED_HOLIDAY_TABLES)).toBe(makeup);
  });
});

describe("every day of 2025 and 2026 agrees with lunar-javascript's HolidayUtil", () => {
  it.each([2025, 2026])('%i', (year) => {
    const mismatches: string[] = [];
    for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) {
      const theirs = HolidayUtil.getHoliday(d);
      const ours = isMakeupWorkday(d, table(year))
        ? 'work'
        : isStatutoryHoliday(d, table(year))
          ? 'off'
          : 'none';
      const expected = theirs === null ? 'none' : theirs.isWork() ? 'work' : 'off';
      if (ours !== expected) mismatches.push(`${d}: ours ${ours}, HolidayUtil ${expected}`);
    }
    expect(mismatches).toEqual([]);
  });
});

describe('coverage and several tables', () => {
  it('knows which years it has data for', () => {
    expect(holidayDataCovers('2025-06-01', BUNDLED_HOLIDAY_TABLES)).toBe(true);
    expect(holidayDataCovers('2026-12-31', BUNDLED_HOLIDAY_TABLES)).toBe(true);
    expect(holidayDataCovers('2027-01-01', BUNDLED_HOLIDAY_TABLES)).toBe(false);
  });

  it('without data for a year, working days are Monday–Friday', () => {
    expect(isStatutoryHoliday('2027-10-01', BUNDLED_HOLIDAY_TABLES)).toBe(false);
    expect(isWorkingDay('2027-10-01', BUNDLED_HOLIDAY_TABLES)).toBe(true); // a Friday
    expect(isWorkingDay('2027-10-02', BUNDLED_HOLIDAY_TABLES)).toBe(false); // a Saturday
  });

  it('a single table answers only for its own dates', () => {
    expect(isStatutoryHoliday('2026-01-01', table(2025))).toBe(false);
    expect(isStatutoryHoliday('2026-01-01', table(2026))).toBe(true);
  });

  it('rejects impossible dates', () => {
    expect(() => isStatutoryHoliday('2025-02-29', BUNDLED_HOLIDAY_TABLES)).toThrow(RangeError);
    expect(() => isMakeupWorkday('2025/01/26', BUNDLED_HOLIDAY_TABLES)).toThrow(RangeError);
  });
});

describe('loadHolidayTable validation', () => {
  const valid = {
    year: 2027,
    source: 'test notice',
    holidays: [
      { name: '元旦', start: '2027-01-01', end: '2027-01-03' },
      { name: '春节', start: '2027-02-05', end: '2027-02-12' }
    ],
    workdays: ['2027-02-13']
  };

  it('accepts a well-formed table, sorts it and drops notes', () => {
    const loaded = loadHolidayTable({ ...valid, notes: 'x', holidays: [...valid.holidays].reverse() });
    expect(loaded).toEqual({
      year: 2027,
      source: 'test notice',
      holidays: valid.holidays,
      workdays: ['2027-02-13']
    });
  });

  it('accepts a 元旦 period starting in the previous December (like 2019)', () => {
    const t = loadHolidayTable({
      year: 2019,
      source: 'x',
      holidays: [{ name: '元旦', start: '2018-12-30', end: '2019-01-01' }],
      workdays: ['2018-12-29']
    });
    expect(isStatutoryHoliday('2018-12-31', t)).toBe(true);
  });

  const broken: Array<[string, unknown, string]> = [
    ['not an object', 'hello', '(root)'],
    ['missing source', { ...valid, source: undefined }, 'source'],
    ['blank source', { ...valid, source: ' ' }, 'source'],
    ['a typo in a field name', { ...valid, holiday: [] }, 'holiday'],
    [
      'an impossible date',
      { ...valid, workdays: ['2027-02-30'] },
      "workdays.0: must be a real date 'YYYY-MM-DD'"
    ],
    [
      'a date in another format',
      { ...valid, holidays: [{ name: '元旦', start: '2027/1/1', end: '2027-01-01' }] },
      'holidays.0.start'
    ],
    ['no holidays', { ...valid, holidays: [] }, 'holidays'],
    [
      'end before start',
      { ...valid, holidays: [{ name: '元旦', start: '2027-01-03', end: '2027-01-01' }] },
      'end 2027-01-01 is before start'
    ],
    [
      'a period of the wrong year',
      { ...valid, holidays: [{ name: '元旦', start: '2028-01-01', end: '2028-01-01' }] },
      'outside 2026-12-01–2027-12-31'
    ],
    [
      'a suspiciously long period',
      { ...valid, holidays: [{ name: '国庆节', start: '2027-10-01', end: '2027-11-07' }] },
      'longer than 14 days'
    ],
    [
      'overlapping periods',
      {
        ...valid,
        holidays: [...valid.holidays, { name: '重复', start: '2027-02-12', end: '2027-02-13' }],
        workdays: []
      },
      'overlap'
    ],
    ['a make-up day on a weekday', { ...valid, workdays: ['2027-02-15'] }, 'is a weekday'],
    ['a make-up day inside a period', { ...valid, workdays: ['2027-02-06'] }, 'falls inside 春节'],
    ['a make-up day twice', { ...valid, workdays: ['2027-02-13', '2027-02-13'] }, 'listed twice']
  ];

  it.each(broken)('rejects %s with a message naming the problem', (_label, json, fragment) => {
    expect(() => loadHolidayTable(json, '2027.json')).toThrow(HolidayTableError);
    expect(() => loadHolidayTable(json, '2027.json')).toThrow(fragment);
    expect(() => loadHolidayTable(json, '2027.json')).toThrow('Invalid holiday table 2027.json');
  });

  it('lists every problem at once', () => {
    try {
      loadHolidayTable({ ...valid, workdays: ['2027-02-15', '2027-02-06'] });
      throw new Error('expected a HolidayTableError');
    } catch (e) {
      expect(e).toBeInstanceOf(HolidayTableError);
      expect((e as HolidayTableError).issues).toHaveLength(2);
      expect((e as HolidayTableError).code).toBe('invalid_holiday_table');
    }
  });
});

describe('shared/data/holidays files (what an operator edits)', () => {
  const files = readdirSync(DATA_DIR).filter((f) => f.endsWith('.json'));

  it('has 2025 and 2026', () => {
    expect(files).toEqual(expect.arrayContaining(['2025.json', '2026.json']));
  });

  it.each(files)('%s is valid, named after its year and bundled', (file) => {
    const loaded = loadHolidayTable(JSON.parse(readFileSync(join(DATA_DIR, file), 'utf8')), file);
    expect(`${loaded.year}.json`).toBe(file);
    // Forgetting the import line in holiday-data.ts would leave the file unused.
    expect(BUNDLED_HOLIDAY_TABLES.find((t) => t.year === loaded.year)).toEqual(loaded);
  });
});
