import {
  DEFAULT_SEND_WINDOW,
  isWithinSendWindow,
  nextSendTime,
  occasionSendTime,
  shanghaiDate,
  shanghaiInstant,
  shanghaiParts,
  type SendWindow
} from '@dealer/shared/domain/calendar/send-window';

const at = (iso: string) => new Date(iso);
const DAY: SendWindow = { start: '09:00', end: '21:00' };
const NIGHT: SendWindow = { start: '21:00', end: '07:00' };

describe('shanghaiDate / shanghaiParts (UTC+8)', () => {
  it.each([
    ['2025-01-01T15:59:59.999Z', '2025-01-01'],
    ['2025-01-01T16:00:00.000Z', '2025-01-02'],
    ['2024-12-31T15:59:59.999Z', '2024-12-31'],
    ['2024-12-31T16:00:00.000Z', '2025-01-01'],
    ['2024-02-28T16:00:00.000Z', '2024-02-29'],
    ['2025-06-10T23:30:00.000Z', '2025-06-11']
  ])('%s is %s in Shanghai', (iso, date) => {
    expect(shanghaiDate(at(iso))).toBe(date);
  });

  it('gives wall-clock fields and the weekday', () => {
    expect(shanghaiParts(at('2025-03-01T23:30:05.250Z'))).toEqual({
      year: 2025,
      month: 3,
      day: 2,
      hour: 7,
      minute: 30,
      second: 5,
      millisecond: 250,
      weekday: 0, // Sunday 2 March 2025
      date: '2025-03-02'
    });
  });

  it('rejects an invalid Date', () => {
    expect(() => shanghaiDate(new Date('nope'))).toThrow(RangeError);
  });

  it('shanghaiInstant is the inverse', () => {
    expect(shanghaiInstant('2025-01-01', '00:00').toISOString()).toBe('2024-12-31T16:00:00.000Z');
    expect(shanghaiInstant('2025-01-01', '09:30').toISOString()).toBe('2025-01-01T01:30:00.000Z');
    expect(shanghaiInstant('2025-01-01', '24:00').toISOString()).toBe('2025-01-01T16:00:00.000Z');
  });
});

describe('isWithinSendWindow', () => {
  it.each([
    ['2025-06-10T00:59:59.999Z', false, '08:59:59.999'],
    ['2025-06-10T01:00:00.000Z', true, '09:00 (start is in)'],
    ['2025-06-10T12:59:59.999Z', true, '20:59:59.999'],
    ['2025-06-10T13:00:00.000Z', false, '21:00 (end is out)'],
    ['2025-06-10T15:59:00.000Z', false, '23:59'],
    ['2025-06-10T16:00:00.000Z', false, '00:00 next day']
  ])('09:00–21:00 at %s → %s (%s Shanghai)', (iso, inside) => {
    expect(isWithinSendWindow(at(iso), DAY)).toBe(inside);
    expect(isWithinSendWindow(at(iso), DEFAULT_SEND_WINDOW)).toBe(inside);
  });

  it.each([
    ['2025-06-10T12:59:59.999Z', false, '20:59:59.999'],
    ['2025-06-10T13:00:00.000Z', true, '21:00'],
    ['2025-06-10T15:59:59.999Z', true, '23:59:59.999'],
    ['2025-06-10T16:00:00.000Z', true, '00:00'],
    ['2025-06-10T22:59:59.999Z', true, '06:59:59.999'],
    ['2025-06-10T23:00:00.000Z', false, '07:00'],
    ['2025-06-10T04:00:00.000Z', false, '12:00']
  ])('21:00–07:00 (crosses midnight) at %s → %s (%s Shanghai)', (iso, inside) => {
    expect(isWithinSendWindow(at(iso), NIGHT)).toBe(inside);
  });

  it("'24:00' ends a window at midnight; 00:00–24:00 is always open", () => {
    const evening = { start: '09:00', end: '24:00' };
    expect(isWithinSendWindow(at('2025-06-10T15:59:59.999Z'), evening)).toBe(true);
    expect(isWithinSendWindow(at('2025-06-10T16:00:00.000Z'), evening)).toBe(false);
    for (const iso of ['2025-06-10T16:00:00Z', '2025-06-10T15:59:59.999Z', '2025-06-10T04:00:00Z']) {
      expect(isWithinSendWindow(at(iso), { start: '00:00', end: '24:00' })).toBe(true);
    }
  });

  it.each([
    [{ start: '9:00', end: '21:00' }],
    [{ start: '09:00', end: '21:60' }],
    [{ start: '24:00', end: '07:00' }],
    [{ start: '21:00', end: '21:00' }],
    [{ start: '00:00', end: '00:00' }],
    [{ start: '', end: '21:00' }]
  ])('rejects the window %j', (window) => {
    expect(() => isWithinSendWindow(at('2025-06-10T04:00:00Z'), window)).toThrow(RangeError);
  });
});

describe('nextSendTime', () => {
  it.each([
    ['2025-06-10T04:00:00.000Z', '2025-06-10T04:00:00.000Z', '12:00: now'],
    ['2025-06-10T00:30:00.000Z', '2025-06-10T01:00:00.000Z', '08:30 → 09:00 the same day'],
    ['2025-06-10T14:30:00.000Z', '2025-06-11T01:00:00.000Z', '22:30 → 09:00 tomorrow'],
    ['2025-06-10T13:00:00.000Z', '2025-06-11T01:00:00.000Z', '21:00 sharp → tomorrow'],
    ['2025-06-10T15:59:59.999Z', '2025-06-11T01:00:00.000Z', '23:59:59.999 → 09:00 tomorrow'],
    ['2025-06-10T16:00:00.000Z', '2025-06-11T01:00:00.000Z', '00:00 → 09:00 the same (new) day'],
    ['2025-06-10T23:30:00.000Z', '2025-06-11T01:00:00.000Z', '23:30 UTC is 07:30 on the 11th in Shanghai'],
    ['2025-12-31T14:00:00.000Z', '2026-01-01T01:00:00.000Z', 'New Year’s Eve 22:00 → 1 January 09:00'],
    ['2024-02-28T14:00:00.000Z', '2024-02-29T01:00:00.000Z', 'into a leap day']
  ])('09:00–21:00: %s → %s (%s)', (from, expected) => {
    expect(nextSendTime(at(from), DAY).toISOString()).toBe(expected);
  });

  it.each([
    ['2025-06-10T12:00:00.000Z', '2025-06-10T13:00:00.000Z', '20:00 → 21:00'],
    ['2025-06-10T15:30:00.000Z', '2025-06-10T15:30:00.000Z', '23:30: now'],
    ['2025-06-10T18:00:00.000Z', '2025-06-10T18:00:00.000Z', '02:00: now'],
    ['2025-06-10T23:00:00.000Z', '2025-06-11T13:00:00.000Z', '07:00 on the 11th → 21:00 on the 11th'],
    ['2025-06-11T02:00:00.000Z', '2025-06-11T13:00:00.000Z', '10:00 → 21:00']
  ])('21:00–07:00: %s → %s (%s)', (from, expected) => {
    expect(nextSendTime(at(from), NIGHT).toISOString()).toBe(expected);
  });

  it('is never earlier than the given instant and always inside the window (every 7 minutes for 3 days)', () => {
    for (const window of [DAY, NIGHT, { start: '00:30', end: '23:30' }, { start: '23:00', end: '01:00' }]) {
      for (
        let ms = Date.parse('2025-12-30T00:00:00Z');
        ms < Date.parse('2026-01-02T00:00:00Z');
        ms += 7 * 60_000
      ) {
        const next = nextSendTime(new Date(ms), window);
        expect(next.getTime()).toBeGreaterThanOrEqual(ms);
        expect(next.getTime() - ms).toBeLessThan(86_400_000);
        expect(isWithinSendWindow(next, window)).toBe(true);
        if (next.getTime() > ms) expect(isWithinSendWindow(new Date(next.getTime() - 1), window)).toBe(false);
      }
    }
  });
});

describe('occasionSendTime', () => {
  it.each([
    ['2026-02-17', 0, DAY, '2026-02-17T01:00:00.000Z', '春节 itself, 09:00'],
    ['2026-02-17', 1, DAY, '2026-02-16T01:00:00.000Z', 'a day ahead'],
    ['2025-01-01', 1, DAY, '2024-12-31T01:00:00.000Z', 'across the year'],
    ['2025-03-01', 1, DAY, '2025-02-28T01:00:00.000Z', 'across February'],
    ['2025-03-01', 0, NIGHT, '2025-03-01T13:00:00.000Z', '21:00 window start'],
    [
      '2025-03-01',
      1,
      { start: '00:30', end: '08:00' },
      '2025-02-27T16:30:00.000Z',
      '00:30 Shanghai is the UTC day before'
    ],
    ['2025-03-01', -3, DAY, '2025-03-04T01:00:00.000Z', 'negative lead: a follow-up after']
  ])('%s lead %i %j → %s (%s)', (date, lead, window, expected) => {
    expect(occasionSendTime(date, lead, window).toISOString()).toBe(expected);
  });

  it('rejects bad input', () => {
    expect(() => occasionSendTime('2025-02-30', 0, DAY)).toThrow(RangeError);
    expect(() => occasionSendTime('2025-02-28', 1.5, DAY)).toThrow(RangeError);
    expect(() => occasionSendTime('2025-02-28', 0, { start: '9', end: '21:00' })).toThrow(RangeError);
  });
});
