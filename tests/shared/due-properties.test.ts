import { addDays, daysBetween, isIsoDate } from '@dealer/shared/domain';
import {
  DEFAULT_DUE_SETTINGS,
  dueStatus,
  explainDueZh,
  dueTitleZh,
  fleetKey,
  vehicleDue,
  type DueEvent,
  type DueType,
  type VehicleDue,
  type VehicleDueInput
} from '@dealer/shared/domain/due';
import { randomInt, randomVehicle, reading, seededRandom } from './due-helpers';

/**
 * Property checks over many random vehicle histories (seeded, so a failure replays). Each
 * property is one promise of docs/reminders.md.
 */

const RUNS = 400;
const MILEAGE_TYPES: readonly DueType[] = [
  'first_maintenance',
  'regular_maintenance',
  'warranty_end',
  'sanbao_end'
];

interface Case {
  car: VehicleDueInput;
  today: string;
}

function cases(seed: number): Case[] {
  const random = seededRandom(seed);
  return Array.from({ length: RUNS }, () => {
    const today = addDays('2026-12-31', -randomInt(random, 0, 3_000));
    return { car: randomVehicle(random, today), today };
  });
}

function dueDay(result: VehicleDue, type: DueType): string | undefined {
  return result.events.find((e) => e.type === type)?.dueDate;
}

function describeCase(c: Case): string {
  return JSON.stringify(c);
}

describe('due engine properties', () => {
  it('never puts maintenance before the last service (or the delivery)', () => {
    let checked = 0;
    for (const c of cases(1)) {
      const result = vehicleDue(c.car, { today: c.today });
      const anchors = [c.car.deliveryDate, ...c.car.maintenanceVisits.map((v) => v.date)].filter(
        (d): d is string => d !== null && d <= c.today
      );
      const event = result.events.find(
        (e) => e.type === 'first_maintenance' || e.type === 'regular_maintenance'
      );
      if (anchors.length === 0) {
        expect(event).toBeUndefined();
        continue;
      }
      const lastService = anchors.sort().at(-1) as string;
      if (!event) throw new Error(`no maintenance event: ${describeCase(c)}`);
      if (event.dueDate < lastService)
        throw new Error(`due ${event.dueDate} before ${lastService}: ${describeCase(c)}`);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(RUNS / 2);
  });

  it('is never later for a vehicle projected to drive more (series rate)', () => {
    const usages = ['private', 'official', 'commercial'] as const;
    const fleetAt = (rate: number) => new Map(usages.map((u) => [fleetKey('卡罗拉', u), rate]));
    const random = seededRandom(2);
    let earlier = 0;
    for (const c of cases(2)) {
      // Without readings the projection is the series rate passed in.
      const car = {
        ...c.car,
        readings: [],
        maintenanceVisits: c.car.maintenanceVisits.map((v) => ({ ...v, km: null }))
      };
      const slow = random() * 100;
      const fast = slow + random() * 200 + 0.01;
      const slowResult = vehicleDue(car, { today: c.today, fleet: fleetAt(slow) });
      const fastResult = vehicleDue(car, { today: c.today, fleet: fleetAt(fast) });
      for (const type of MILEAGE_TYPES) {
        const a = dueDay(slowResult, type);
        const b = dueDay(fastResult, type);
        expect(b === undefined).toBe(a === undefined);
        if (a !== undefined && b !== undefined && b > a)
          throw new Error(`${type} later when faster (${slow} → ${fast}): ${describeCase(c)}`);
        if (a !== undefined && b !== undefined && b < a) earlier += 1;
      }
    }
    expect(earlier).toBeGreaterThan(RUNS / 4);
  });

  it('is never later for a vehicle whose own readings show more km', () => {
    const random = seededRandom(3);
    let earlier = 0;
    for (const c of cases(3)) {
      const factor = 1 + random() * 2;
      const scaled: VehicleDueInput = {
        ...c.car,
        readings: c.car.readings.map((r) => ({ ...r, km: r.km * factor })),
        maintenanceVisits: c.car.maintenanceVisits.map((v) => ({
          ...v,
          km: v.km === null ? null : v.km * factor
        }))
      };
      const base = vehicleDue(c.car, { today: c.today });
      const more = vehicleDue(scaled, { today: c.today });
      for (const type of MILEAGE_TYPES) {
        const a = dueDay(base, type);
        const b = dueDay(more, type);
        if (a !== undefined && b !== undefined && b > a)
          throw new Error(`${type} later with ×${factor} km: ${describeCase(c)}`);
        if (a !== undefined && b !== undefined && b < a) earlier += 1;
      }
    }
    expect(earlier).toBeGreaterThan(RUNS / 10);
  });

  it('does not depend on the order readings and visits are given in', () => {
    const random = seededRandom(4);
    const shuffle = <T>(items: readonly T[]): T[] => {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = randomInt(random, 0, i);
        [copy[i], copy[j]] = [copy[j], copy[i]];
      }
      return copy;
    };
    for (const c of cases(4)) {
      const shuffled = {
        ...c.car,
        readings: shuffle(c.car.readings),
        maintenanceVisits: shuffle(c.car.maintenanceVisits)
      };
      const a = vehicleDue(c.car, { today: c.today });
      const b = vehicleDue(shuffled, { today: c.today });
      expect(b.events).toEqual(a.events);
      expect(b.odometer).toEqual(a.odometer);
      expect(b.flaggedReadings.length).toBe(a.flaggedReadings.length);
    }
  });

  it('ignores a lower later reading: it is flagged and nothing else moves', () => {
    for (const c of cases(5)) {
      const base = vehicleDue(c.car, { today: c.today });
      if (base.odometer === null || base.odometer.km < 1 || base.odometer.date >= c.today) continue;
      const rollback = reading(addDays(base.odometer.date, 1), base.odometer.km - 1, 'customers_file');
      const withRollback = vehicleDue(
        { ...c.car, readings: [...c.car.readings, rollback] },
        { today: c.today }
      );
      expect(withRollback.events).toEqual(base.events);
      expect(withRollback.flaggedReadings).toContainEqual({
        reading: rollback,
        reason: 'odometer_rollback',
        previousKm: base.odometer.km
      });
    }
  });

  it('gives consistent statuses, real dates and readable wording', () => {
    const check = (event: DueEvent, today: string) => {
      expect(isIsoDate(event.dueDate)).toBe(true);
      expect(event.daysLeft).toBe(daysBetween(today, event.dueDate));
      expect(event.status).toBe(dueStatus(event.dueDate, today, DEFAULT_DUE_SETTINGS.leadDays[event.type]));
      if (event.dateSource === 'rule' && (event.type === 'insurance' || event.type === 'inspection')) {
        // An estimated renewal is never overdue: whether it was done elsewhere is unknown.
        expect(event.status).not.toBe('overdue');
      }
      const text = `${dueTitleZh(event)} ${explainDueZh(event)}`;
      expect(text).not.toMatch(/undefined|NaN|null|Infinity/);
    };
    for (const c of cases(6)) {
      const result = vehicleDue(c.car, { today: c.today });
      for (const event of result.events) check(event, c.today);
      expect(result.events.length + result.skipped.length).toBe(5);
    }
  });

  it('leaves its input untouched', () => {
    for (const c of cases(7).slice(0, 50)) {
      const before = JSON.stringify(c.car);
      const frozen = Object.freeze({
        ...c.car,
        readings: Object.freeze(c.car.readings.map((r) => Object.freeze({ ...r }))),
        maintenanceVisits: Object.freeze(c.car.maintenanceVisits.map((v) => Object.freeze({ ...v })))
      });
      vehicleDue(frozen, { today: c.today });
      expect(JSON.stringify(c.car)).toBe(before);
    }
  });
});
