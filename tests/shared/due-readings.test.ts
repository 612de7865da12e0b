import {
  DEFAULT_DUE_SETTINGS,
  OdometerTimeline,
  acceptReadings,
  fleetAverages,
  fleetKey,
  ownKmPerDay,
  vehicleDue,
  type OdometerPoint,
  type Projection
} from '@dealer/shared/domain/due';
import { eventOf, reading, vehicle } from './due-helpers';

const today = '2025-06-30';
const accept = (readings: Parameters<typeof acceptReadings>[0], deliveryDate: string | null = null) =>
  acceptReadings(readings, [], { today, deliveryDate, deliveryIsZeroKm: true });

describe('acceptReadings: dated observations, an odometer never goes backwards', () => {
  it('flags a lower later reading instead of applying it', () => {
    const typo = reading('2025-03-01', 4_000, 'staff_edit');
    const { points, flagged } = accept([
      reading('2025-01-01', 40_000),
      typo,
      reading('2025-05-01', 48_000, 'owner_booking')
    ]);
    expect(points.map((p) => [p.date, p.km])).toEqual([
      ['2025-01-01', 40_000],
      ['2025-05-01', 48_000]
    ]);
    expect(flagged).toEqual([{ reading: typo, reason: 'odometer_rollback', previousKm: 40_000 }]);
  });

  it('orders readings by the day observed, not the order given, and keeps two same-day readings', () => {
    const { points, flagged } = accept([
      reading('2025-05-01', 48_000),
      reading('2025-01-01', 40_000),
      reading('2025-05-01', 47_990)
    ]);
    expect(points.map((p) => p.km)).toEqual([40_000, 47_990, 48_000]);
    expect(flagged).toEqual([]);
  });

  it('flags readings dated after today and impossible values', () => {
    const future = reading('2025-07-01', 50_000);
    const negative = reading('2025-01-01', -5);
    const badDate = reading('2025-02-30', 1_000);
    const notANumber = reading('2025-01-02', Number.NaN);
    const { points, flagged } = accept([
      future,
      negative,
      badDate,
      notANumber,
      reading('2025-03-01', 20_000)
    ]);
    expect(points.map((p) => p.km)).toEqual([20_000]);
    expect(flagged.map((f) => [f.reading, f.reason])).toEqual([
      [future, 'future_date'],
      [negative, 'invalid_value'],
      [badDate, 'invalid_value'],
      [notANumber, 'invalid_value']
    ]);
  });

  it('takes 0 km on the delivery day, unless the car was read before its delivery', () => {
    expect(accept([reading('2025-03-01', 3_000)], '2025-01-01').points[0]).toEqual({
      date: '2025-01-01',
      km: 0,
      source: 'delivery'
    });
    expect(accept([reading('2024-12-01', 30_000)], '2025-01-01').points.map((p) => p.source)).toEqual([
      'repair_order'
    ]);
    const off = acceptReadings([], [], { today, deliveryDate: '2025-01-01', deliveryIsZeroKm: false });
    expect(off.points).toEqual([]);
  });

  it('counts the odometer printed on a maintenance visit as a reading', () => {
    const { points } = acceptReadings(
      [],
      [
        { date: '2025-02-01', km: 9_000 },
        { date: '2025-04-01', km: null }
      ],
      {
        today,
        deliveryDate: null,
        deliveryIsZeroKm: true
      }
    );
    expect(points).toEqual([{ date: '2025-02-01', km: 9_000, source: 'repair_order' }]);
  });

  it('leaves the due dates exactly as they were without the rolled-back reading', () => {
    const base = vehicle({
      deliveryDate: '2024-06-01',
      readings: [reading('2025-01-01', 12_000), reading('2025-05-01', 16_000)]
    });
    const withTypo = {
      ...base,
      readings: [...base.readings, reading('2025-06-01', 1_600, 'customers_file')]
    };
    const clean = vehicleDue(base, { today });
    const flaggedRun = vehicleDue(withTypo, { today });
    expect(flaggedRun.events).toEqual(clean.events);
    expect(flaggedRun.flaggedReadings).toEqual([
      {
        reading: reading('2025-06-01', 1_600, 'customers_file'),
        reason: 'odometer_rollback',
        previousKm: 16_000
      }
    ]);
  });
});

describe('OdometerTimeline', () => {
  const points: OdometerPoint[] = [
    { date: '2025-01-01', km: 10_000, source: 'repair_order' },
    { date: '2025-01-11', km: 11_000, source: 'owner_booking' }
  ];
  const timeline = new OdometerTimeline(points, 50);

  it('interpolates between readings and projects beyond them', () => {
    expect(timeline.kmAt('2025-01-06')).toBe(10_500);
    expect(timeline.kmAt('2025-01-21')).toBe(11_500);
    expect(timeline.kmAt('2024-12-22')).toBe(9_500);
    expect(new OdometerTimeline(points, 5_000).kmAt('2024-12-01')).toBe(0);
    expect(new OdometerTimeline([], 50).kmAt('2025-01-01')).toBeNull();
  });

  it('finds the first day the odometer shows a value', () => {
    const from = { date: '2025-01-01', km: 10_000 };
    expect(timeline.dateReaching(10_550, from)).toEqual({ date: '2025-01-07', observed: true });
    expect(timeline.dateReaching(11_000, from)).toEqual({ date: '2025-01-11', observed: true });
    expect(timeline.dateReaching(11_050, from)).toEqual({ date: '2025-01-12', observed: false });
    expect(timeline.dateReaching(9_000, from)).toEqual({ date: '2025-01-01', observed: true });
    expect(new OdometerTimeline(points, 0).dateReaching(12_000, from)).toBeNull();
  });

  it('does not add a day for float noise', () => {
    // 5,000 / (5,000 / 117) is 117.00000000000001 in floating point: still day 117.
    const rate = 5_000 / 117;
    expect(5_000 / rate).toBeGreaterThan(117);
    const still = new OdometerTimeline([{ date: '2025-01-01', km: 0, source: 'delivery' }], rate);
    expect(still.dateReaching(5_000, { date: '2025-01-01', km: 0 })).toEqual({
      date: '2025-04-28',
      observed: false
    });
  });
});

describe("ownKmPerDay: the vehicle's own recent rate", () => {
  const settings = DEFAULT_DUE_SETTINGS.projection;
  const points = (...pairs: Array<[string, number]>): OdometerPoint[] =>
    pairs.map(([date, km]) => ({ date, km, source: 'repair_order' }));

  it('measures over about the last 12 months when the readings allow', () => {
    // Latest 2025-06-01; the latest point at least 12 months older is 2024-05-01, not 2023-09-01.
    const own = ownKmPerDay(
      points(['2023-09-01', 0], ['2024-05-01', 10_000], ['2025-05-01', 20_000], ['2025-06-01', 31_000]),
      today,
      settings
    );
    expect(own).toEqual({
      kmPerDay: 21_000 / 396,
      source: 'own',
      measuredFrom: { date: '2024-05-01', km: 10_000 },
      measuredTo: { date: '2025-06-01', km: 31_000 }
    });
  });

  it('takes the oldest reading of the window when none is 12 months older', () => {
    const own = ownKmPerDay(
      points(['2025-01-01', 1_000], ['2025-03-01', 3_000], ['2025-06-01', 7_000]),
      today,
      settings
    );
    expect(own?.measuredFrom).toEqual({ date: '2025-01-01', km: 1_000 });
    expect(own?.kmPerDay).toBeCloseTo(6_000 / 151, 9);
  });

  it('looks only at the last 24 months', () => {
    // 2023-06-30 is exactly 24 months before today: outside, like the KPIs' "last N months".
    expect(ownKmPerDay(points(['2023-06-30', 0], ['2025-06-01', 30_000]), today, settings)).toBeNull();
    expect(
      ownKmPerDay(points(['2023-07-01', 0], ['2025-06-01', 30_000]), today, settings)?.measuredFrom?.date
    ).toBe('2023-07-01');
  });

  it('needs two readings at least 30 days apart', () => {
    expect(ownKmPerDay(points(['2025-06-01', 30_000]), today, settings)).toBeNull();
    expect(ownKmPerDay(points(['2025-05-03', 29_000], ['2025-06-01', 30_000]), today, settings)).toBeNull();
    expect(
      ownKmPerDay(points(['2025-05-02', 29_000], ['2025-06-01', 30_000]), today, settings)?.kmPerDay
    ).toBeCloseTo(1_000 / 30, 9);
  });

  it("falls back when the vehicle's own readings are stale", () => {
    const result = vehicleDue(
      vehicle({ readings: [reading('2021-01-01', 10_000), reading('2022-01-01', 30_000)] }),
      { today }
    );
    expect(result.projection).toEqual({ kmPerDay: 27, source: 'default' });
  });
});

describe('fleetAverages: series averages the dealership measures', () => {
  const own = (kmPerDay: number): Projection => ({ kmPerDay, source: 'own' });

  it('is the median own rate per series and usage, with enough vehicles', () => {
    const samples = [
      ...[20, 30, 40, 50, 500].map((r) => ({
        series: '卡罗拉',
        usage: 'private' as const,
        projection: own(r)
      })),
      ...[100, 200, 300, 400].map((r) => ({
        series: '卡罗拉',
        usage: 'commercial' as const,
        projection: own(r)
      })),
      { series: '卡罗拉', usage: 'commercial' as const, projection: own(250) },
      ...[10, 10, 10, 10].map((r) => ({ series: '汉兰达', usage: 'private' as const, projection: own(r) })),
      {
        series: '汉兰达',
        usage: 'private' as const,
        projection: { kmPerDay: 27, source: 'default' as const }
      }
    ];
    const averages = fleetAverages(samples);
    expect(averages.get(fleetKey('卡罗拉', 'private'))).toBe(40);
    expect(averages.get(fleetKey('卡罗拉', 'commercial'))).toBe(250);
    expect(averages.has(fleetKey('汉兰达', 'private'))).toBe(false);
    expect(fleetAverages(samples.slice(5, 9), 4).get(fleetKey('卡罗拉', 'commercial'))).toBe(250);
  });

  it('treats an unknown usage as private', () => {
    expect(fleetKey(' 卡罗拉 ', null)).toBe(fleetKey('卡罗拉', 'private'));
    const result = vehicleDue(vehicle({ usage: null, deliveryDate: '2025-03-01' }), {
      today: '2025-04-01',
      fleet: new Map([['卡罗拉|private', 60]])
    });
    expect(eventOf(result, 'first_maintenance').projection).toEqual({ kmPerDay: 60, source: 'series' });
  });
});
