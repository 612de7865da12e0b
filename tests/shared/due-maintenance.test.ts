import {
  DEFAULT_DUE_SETTINGS,
  OdometerTimeline,
  dueSettings,
  explainDueZh,
  maintenanceCycles,
  vehicleDue
} from '@dealer/shared/domain/due';
import { eventOf, reading, vehicle } from './due-helpers';

const intervals = {
  firstMaintenance: DEFAULT_DUE_SETTINGS.firstMaintenance,
  regularMaintenance: DEFAULT_DUE_SETTINGS.regularMaintenance
};

describe('regular maintenance (定保): time or mileage, whichever first', () => {
  it('is due by time for a car that drives little', () => {
    // 1,500 km in the 90 days since delivery: 16.7 km/day, so 5,000 km more takes 300 days,
    // far beyond the 6 months after the 首保 on 2025-04-10.
    const result = vehicleDue(
      vehicle({ deliveryDate: '2025-01-10', maintenanceVisits: [{ date: '2025-04-10', km: 1_500 }] }),
      { today: '2025-06-01' }
    );
    const event = eventOf(result, 'regular_maintenance');
    expect(event).toMatchObject({
      dueDate: '2025-10-10',
      dueMileage: 6_500,
      basis: 'time',
      status: 'upcoming',
      daysLeft: 131
    });
    expect(event.projection).toMatchObject({
      source: 'own',
      measuredFrom: { date: '2025-01-10', km: 0 },
      measuredTo: { date: '2025-04-10', km: 1_500 }
    });
    expect(event.projection.kmPerDay).toBeCloseTo(1_500 / 90, 6);
    expect(result.events.some((e) => e.type === 'first_maintenance')).toBe(false);
  });

  it('is due by mileage when the projected km come first', () => {
    // 4,000 km in 90 days = 44.4 km/day; 9,000 km is reached ceil(5,000 / 44.4) = 113 days
    // after 2025-04-10, two months before the 6-month date.
    const result = vehicleDue(
      vehicle({ deliveryDate: '2025-01-10', maintenanceVisits: [{ date: '2025-04-10', km: 4_000 }] }),
      { today: '2025-06-01' }
    );
    const event = eventOf(result, 'regular_maintenance');
    expect(event).toMatchObject({
      dueDate: '2025-08-01',
      dueMileage: 9_000,
      basis: 'mileage',
      mileageObserved: false,
      status: 'upcoming'
    });
    expect(explainDueZh(event)).toBe('约 2025-08-01 或 9,000 公里，按您近期每天约 44 公里推算');
  });

  it('restarts the clock when serviced early', () => {
    // 定保 due 2024-10-01 (6 months after 04-01), but the owner came on 2024-08-01.
    const car = vehicle({
      deliveryDate: '2024-01-01',
      maintenanceVisits: [
        { date: '2024-04-01', km: 1_000 },
        { date: '2024-08-01', km: 2_200 }
      ]
    });
    const result = vehicleDue(car, { today: '2024-09-15' });
    expect(eventOf(result, 'regular_maintenance')).toMatchObject({
      dueDate: '2025-02-01',
      dueMileage: 7_200,
      basis: 'time'
    });

    const timeline = new OdometerTimeline([], 0);
    const cycles = maintenanceCycles(car, intervals, timeline, '2024-09-15');
    expect(cycles.map((c) => [c.type, c.anchor, c.timeDueDate, c.supersededOn])).toEqual([
      ['first_maintenance', '2024-01-01', '2024-04-01', null],
      ['regular_maintenance', '2024-04-01', '2024-10-01', '2024-08-01'],
      ['regular_maintenance', '2024-08-01', '2025-02-01', null]
    ]);
  });

  it('counts a commercial vehicle at high mileage from its own heavy use', () => {
    // 45,000 km between 2024-12-01 and 2025-06-01 (182 days): 247 km/day, so the 定保 of
    // 2025-06-01 at 195,000 km is due at 200,000 km after ceil(5,000 / 247.3) = 21 days.
    const result = vehicleDue(
      vehicle({
        usage: 'commercial',
        deliveryDate: '2023-01-01',
        readings: [reading('2024-12-01', 150_000)],
        maintenanceVisits: [{ date: '2025-06-01', km: 195_000 }]
      }),
      { today: '2025-06-20' }
    );
    expect(result.projection.source).toBe('own');
    expect(result.projection.kmPerDay).toBeCloseTo(45_000 / 182, 6);
    expect(eventOf(result, 'regular_maintenance')).toMatchObject({
      dueDate: '2025-06-22',
      dueMileage: 200_000,
      basis: 'mileage',
      status: 'due_soon',
      daysLeft: 2
    });
    expect(result.odometer).toEqual({
      km: 195_000,
      date: '2025-06-01',
      estimatedTodayKm: Math.round(195_000 + (45_000 / 182) * 19)
    });
  });

  it('uses the series interval passed in settings', () => {
    const settings = dueSettings.parse({
      bySeries: { 凯美瑞: { regularMaintenance: { months: 12, km: 10_000 } } }
    });
    const car = vehicle({
      series: '凯美瑞',
      deliveryDate: '2024-01-01',
      maintenanceVisits: [{ date: '2024-04-01', km: 1_000 }]
    });
    expect(eventOf(vehicleDue(car, { today: '2024-05-01', settings }), 'regular_maintenance')).toMatchObject({
      dueDate: '2025-04-01',
      dueMileage: 11_000
    });
    const other = { ...car, series: '卡罗拉' };
    expect(eventOf(vehicleDue(other, { today: '2024-05-01', settings }), 'regular_maintenance').dueDate).toBe(
      '2024-10-01'
    );
  });

  it('ends a month-end anchor on the last day of a shorter month', () => {
    const result = vehicleDue(vehicle({ maintenanceVisits: [{ date: '2025-08-31', km: null }] }), {
      today: '2025-09-01'
    });
    // No odometer at all: the mileage side is unknown and only time counts.
    expect(eventOf(result, 'regular_maintenance')).toEqual(
      expect.objectContaining({ dueDate: '2026-02-28', basis: 'time' })
    );
    expect(eventOf(result, 'regular_maintenance').dueMileage).toBeUndefined();
  });
});

describe('first maintenance (首保) from delivery', () => {
  it('falls due by km before the months for a car driven hard from day one', () => {
    // 4,200 km in the 40 days since delivery: 105 km/day; 5,000 km after ceil(800 / 105) = 8 more days.
    const result = vehicleDue(
      vehicle({ deliveryDate: '2025-01-01', readings: [reading('2025-02-10', 4_200, 'owner_booking')] }),
      { today: '2025-02-15' }
    );
    const event = eventOf(result, 'first_maintenance');
    expect(event).toMatchObject({
      dueDate: '2025-02-18',
      dueMileage: 5_000,
      basis: 'mileage',
      status: 'due_soon',
      daysLeft: 3
    });
    expect(explainDueZh(event)).toBe('约 2025-02-18 或 5,000 公里，按您近期每天约 105 公里推算');
  });

  it('is due 3 months after delivery by default, and overdue when never done', () => {
    // 9,000 km in 243 days: 5,000 km was read past on about day 135, after the 3-month date.
    const result = vehicleDue(
      vehicle({ deliveryDate: '2024-07-01', readings: [reading('2025-03-01', 9_000, 'owner_booking')] }),
      { today: '2025-03-10' }
    );
    expect(eventOf(result, 'first_maintenance')).toMatchObject({
      dueDate: '2024-10-01',
      basis: 'time',
      status: 'overdue',
      daysLeft: -160
    });
  });

  it('reads the day 5,000 km was passed off two readings when they straddle it', () => {
    // 0 km on 2025-01-01, 6,000 km on 2025-03-02 (60 days): 5,000 km on day ceil(50) = 50.
    const result = vehicleDue(
      vehicle({ deliveryDate: '2025-01-01', readings: [reading('2025-03-02', 6_000, 'staff_edit')] }),
      { today: '2025-03-05' }
    );
    const event = eventOf(result, 'first_maintenance');
    expect(event).toMatchObject({
      dueDate: '2025-02-20',
      basis: 'mileage',
      mileageObserved: true,
      status: 'overdue',
      daysLeft: -13
    });
    expect(explainDueZh(event)).toBe('行驶里程约 2025-02-20 已达 5,000 公里，已超过 13 天');
  });

  it('calls a tie between the two rules a time due', () => {
    // 5,000 × 31 / 90 km after 31 days: 5,000 km on day 90 exactly, the 3-month date.
    const result = vehicleDue(
      vehicle({
        deliveryDate: '2025-01-01',
        readings: [reading('2025-02-01', (5_000 * 31) / 90, 'owner_booking')]
      }),
      { today: '2025-02-02' }
    );
    expect(eventOf(result, 'first_maintenance')).toMatchObject({ dueDate: '2025-04-01', basis: 'time' });
    const faster = vehicleDue(
      vehicle({
        deliveryDate: '2025-01-01',
        readings: [reading('2025-02-01', (5_000 * 31) / 89, 'owner_booking')]
      }),
      { today: '2025-02-02' }
    );
    expect(eventOf(faster, 'first_maintenance')).toMatchObject({ dueDate: '2025-03-31', basis: 'mileage' });
  });

  it('replaces the delivery anchor with a maintenance visit on the delivery day', () => {
    const car = vehicle({ deliveryDate: '2025-01-10', maintenanceVisits: [{ date: '2025-01-10', km: 10 }] });
    const cycles = maintenanceCycles(car, intervals, new OdometerTimeline([], 0), '2025-02-01');
    expect(cycles.map((c) => [c.type, c.anchor, c.timeDueDate])).toEqual([
      ['regular_maintenance', '2025-01-10', '2025-07-10']
    ]);
  });
});

describe('projection fallbacks', () => {
  it('uses the dealership default for a car with no history, and the time rule wins', () => {
    // 27 km/day: 5,000 km takes 186 days, after the 3-month date.
    const result = vehicleDue(vehicle({ deliveryDate: '2025-03-01' }), { today: '2025-04-01' });
    expect(result.projection).toEqual({ kmPerDay: 27, source: 'default' });
    expect(eventOf(result, 'first_maintenance')).toMatchObject({
      dueDate: '2025-06-01',
      dueMileage: 5_000,
      basis: 'time',
      status: 'upcoming'
    });
    expect(result.odometer).toEqual({ km: 0, date: '2025-03-01', estimatedTodayKm: 27 * 31 });
  });

  it('uses the series average before the default', () => {
    // 60 km/day: 5,000 km after ceil(83.3) = 84 days.
    const fleet = new Map([['卡罗拉|private', 60]]);
    const result = vehicleDue(vehicle({ deliveryDate: '2025-03-01' }), { today: '2025-04-01', fleet });
    expect(result.projection).toEqual({ kmPerDay: 60, source: 'series' });
    const event = eventOf(result, 'first_maintenance');
    expect(event).toMatchObject({ dueDate: '2025-05-24', basis: 'mileage' });
    expect(explainDueZh(event)).toBe('约 2025-05-24 或 5,000 公里，按同车系车辆每天约 60 公里推算');
  });

  it('projects from a single reading only with the default rate, and keeps the reading as the start', () => {
    // One reading, no delivery date: 30,000 km on 2025-01-05, nothing to measure a rate against.
    const result = vehicleDue(vehicle({ maintenanceVisits: [{ date: '2025-01-05', km: 30_000 }] }), {
      today: '2025-03-01'
    });
    expect(result.projection).toEqual({ kmPerDay: 27, source: 'default' });
    // 35,000 km after ceil(5,000 / 27) = 186 days (2025-07-10) comes after 2025-07-05.
    expect(eventOf(result, 'regular_maintenance')).toMatchObject({
      dueDate: '2025-07-05',
      dueMileage: 35_000,
      basis: 'time'
    });
    expect(result.odometer).toEqual({ km: 30_000, date: '2025-01-05', estimatedTodayKm: 30_000 + 27 * 55 });
    expect(result.skipped).toEqual([
      { type: 'insurance', reason: 'no_delivery_date' },
      { type: 'inspection', reason: 'no_delivery_date' },
      { type: 'warranty_end', reason: 'no_delivery_date' },
      { type: 'sanbao_end', reason: 'no_delivery_date' }
    ]);
  });

  it('gives a commercial vehicle without history the commercial default', () => {
    // 200 km/day: 5,000 km in 25 days, long before 3 months.
    const result = vehicleDue(vehicle({ usage: 'commercial', deliveryDate: '2025-03-01' }), {
      today: '2025-03-02'
    });
    expect(result.projection).toEqual({ kmPerDay: 200, source: 'default' });
    expect(eventOf(result, 'first_maintenance')).toMatchObject({ dueDate: '2025-03-26', basis: 'mileage' });
  });

  it('falls back to time when the car stands still', () => {
    const result = vehicleDue(
      vehicle({
        maintenanceVisits: [{ date: '2024-04-01', km: 800 }],
        readings: [reading('2024-09-01', 800)]
      }),
      { today: '2024-09-10' }
    );
    expect(result.projection.kmPerDay).toBe(0);
    const event = eventOf(result, 'regular_maintenance');
    expect(event).toMatchObject({ dueDate: '2024-10-01', dueMileage: 5_800, basis: 'time' });
    expect(explainDueZh(event)).toBe('约 2024-10-01 或 5,800 公里，您近期几乎未行驶，按时间推算');
  });

  it('waits for the delivery of a car sold but not yet handed over', () => {
    const result = vehicleDue(vehicle({ deliveryDate: '2025-03-01' }), { today: '2025-02-20' });
    expect(result.skipped).toEqual([{ type: 'first_maintenance', reason: 'not_delivered_yet' }]);
    expect(result.odometer).toBeNull();
    expect(eventOf(result, 'warranty_end').dueDate).toBe('2028-03-01');
  });

  it('knows nothing to remind without a delivery date or a maintenance visit', () => {
    const result = vehicleDue(vehicle({ readings: [reading('2025-01-01', 12_000)] }), {
      today: '2025-02-01'
    });
    expect(result.events).toEqual([]);
    expect(result.skipped.map((s) => s.type)).toEqual([
      'first_maintenance',
      'insurance',
      'inspection',
      'warranty_end',
      'sanbao_end'
    ]);
  });
});

describe('maintenanceCycles (the return-rate KPI examples of docs/metrics.md §2, by time)', () => {
  const timeline = new OdometerTimeline([], 0);
  const due = (car: Parameters<typeof maintenanceCycles>[0]) =>
    maintenanceCycles(car, intervals, timeline, '2025-03-31')
      .filter((c) => c.supersededOn === null)
      .map((c) => c.dueDate);

  it('gives the same due days as the KPI', () => {
    expect(due({ deliveryDate: null, maintenanceVisits: [{ date: '2024-09-01', km: null }] })).toEqual([
      '2025-03-01'
    ]);
    expect(due({ deliveryDate: '2024-12-10', maintenanceVisits: [] })).toEqual(['2025-03-10']);
    // V5: maintained early on 2025-02-20, so not due in March; next due 2025-08-20.
    expect(
      due({
        deliveryDate: null,
        maintenanceVisits: [
          { date: '2024-09-01', km: null },
          { date: '2025-02-20', km: null }
        ]
      })
    ).toEqual(['2025-08-20']);
  });

  it('ignores visits after the day it is computed for', () => {
    const cycles = maintenanceCycles(
      { deliveryDate: '2024-12-10', maintenanceVisits: [{ date: '2025-04-02', km: null }] },
      intervals,
      timeline,
      '2025-03-31'
    );
    expect(cycles.map((c) => c.anchor)).toEqual(['2024-12-10']);
  });
});
