import {
  addDays,
  addMonths,
  addYears,
  dateToIsoDate,
  daysBetween,
  endOfMonth,
  excelSerialToIsoDate,
  isIsoDate,
  makeIsoDate,
  parseFlexibleDate
} from '@dealer/shared/domain';

describe('parseFlexibleDate', () => {
  it.each([
    ['2024-05-06', '2024-05-06'],
    ['2024/5/6', '2024-05-06'],
    ['2024.5.6', '2024-05-06'],
    ['2024-5-6', '2024-05-06'],
    ['20240506', '2024-05-06'],
    ['2024年5月6日', '2024-05-06'],
    ['2024年05月06日', '2024-05-06'],
    ['2024 年 5 月 6 日', '2024-05-06'],
    ['2024-05-06 14:30:00', '2024-05-06'],
    ['2024/5/6 9:05', '2024-05-06'],
    ['2024-05-06T23:59:59Z', '2024-05-06'],
    ['2024年5月6日 14时30分', '2024-05-06'],
    ['20240506 083000', '2024-05-06'],
    ['２０２４－０５－０６', '2024-05-06'],
    [' 2024-05-06 ', '2024-05-06'],
    ['2024-02-29', '2024-02-29'],
    ['2000-02-29', '2000-02-29'],
    ['45418', '2024-05-06'],
    ['45418.75', '2024-05-06']
  ])('%p → %s', (input, expected) => {
    expect(parseFlexibleDate(input)).toBe(expected);
  });

  it.each([
    '2024-02-30',
    '2023-02-29',
    '1900-02-29',
    '2024-13-01',
    '2024-00-10',
    '2024-04-31',
    '2024/5/0',
    '24/5/6', // two-digit year: ambiguous
    '5/6/2024', // day and month order unknown
    '06.05.2024',
    '2024-05',
    '2024',
    '202405061', // nine digits
    '1899-12-31', // before the supported range
    '2101-01-01',
    'May 6, 2024',
    'abc',
    '',
    '2024-05-06abc'
  ])('rejects %p', (input) => {
    expect(parseFlexibleDate(input)).toBeNull();
  });

  it('reads numbers as Excel serials, or as yyyymmdd when they look like one', () => {
    expect(parseFlexibleDate(45418)).toBe('2024-05-06');
    expect(parseFlexibleDate(45418.999)).toBe('2024-05-06');
    expect(parseFlexibleDate(44562)).toBe('2022-01-01');
    expect(parseFlexibleDate(20240506)).toBe('2024-05-06');
    expect(parseFlexibleDate(20240230)).toBeNull();
    expect(parseFlexibleDate(0)).toBeNull();
    expect(parseFlexibleDate(-5)).toBeNull();
    expect(parseFlexibleDate(Number.NaN)).toBeNull();
  });

  it('reads Date objects by their UTC calendar day (how ExcelJS delivers date cells)', () => {
    expect(parseFlexibleDate(new Date(Date.UTC(2024, 4, 6)))).toBe('2024-05-06');
    expect(parseFlexibleDate(new Date(Date.UTC(2024, 4, 6, 23, 59, 59)))).toBe('2024-05-06');
    expect(parseFlexibleDate(new Date('invalid'))).toBeNull();
  });

  it('absorbs float noise just before midnight', () => {
    expect(dateToIsoDate(new Date(Date.UTC(2024, 4, 6) - 1))).toBe('2024-05-06');
  });

  it('treats null and undefined as missing', () => {
    expect(parseFlexibleDate(null)).toBeNull();
    expect(parseFlexibleDate(undefined)).toBeNull();
  });
});

describe('excelSerialToIsoDate', () => {
  it.each([
    [1, '1900-01-01'],
    [59, '1900-02-28'],
    [61, '1900-03-01'], // Excel's fake 1900-02-29 (serial 60) sits in between
    [25569, '1970-01-01'],
    [36526, '2000-01-01'],
    [45418, '2024-05-06'],
    [45351, '2024-02-29']
  ])('%d → %s', (serial, expected) => {
    expect(excelSerialToIsoDate(serial)).toBe(expected);
  });

  it('has no date for the fake leap day or out-of-range serials', () => {
    expect(excelSerialToIsoDate(60)).toBeNull();
    expect(excelSerialToIsoDate(0)).toBeNull();
    expect(excelSerialToIsoDate(2958466)).toBeNull();
    expect(excelSerialToIsoDate(Infinity)).toBeNull();
  });
});

describe('calendar helpers', () => {
  it('makeIsoDate validates and pads', () => {
    expect(makeIsoDate(2024, 5, 6)).toBe('2024-05-06');
    expect(makeIsoDate(2024, 2, 30)).toBeNull();
    expect(makeIsoDate(2024, 5, 6.5)).toBeNull();
  });

  it('isIsoDate accepts only real, padded dates', () => {
    expect(isIsoDate('2024-05-06')).toBe(true);
    expect(isIsoDate('2024-5-6')).toBe(false);
    expect(isIsoDate('2023-02-29')).toBe(false);
  });

  it('addYears keeps the day, or the month end when it does not exist', () => {
    expect(addYears('2021-05-06', 3)).toBe('2024-05-06');
    expect(addYears('2020-02-29', 2)).toBe('2022-02-28');
    expect(addYears('2020-02-29', 4)).toBe('2024-02-29');
  });

  it('addDays and daysBetween cross months, years and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2024-05-06', '2024-05-01')).toBe(-5);
  });

  it('addMonths keeps the day, or the month end when it does not exist, both ways', () => {
    expect(addMonths('2025-01-10', 3)).toBe('2025-04-10');
    expect(addMonths('2025-08-31', 6)).toBe('2026-02-28');
    expect(addMonths('2023-08-31', 6)).toBe('2024-02-29');
    expect(addMonths('2024-11-30', 2)).toBe('2025-01-30');
    expect(addMonths('2025-06-30', -24)).toBe('2023-06-30');
    expect(addMonths('2025-03-31', -1)).toBe('2025-02-28');
    expect(addMonths('2025-01-15', -13)).toBe('2023-12-15');
  });

  it('endOfMonth gives the last day, leap years included', () => {
    expect(endOfMonth('2024-02-10')).toBe('2024-02-29');
    expect(endOfMonth('2025-02-01')).toBe('2025-02-28');
    expect(endOfMonth('2025-12-31')).toBe('2025-12-31');
    expect(endOfMonth('2025-04-15')).toBe('2025-04-30');
  });
});
