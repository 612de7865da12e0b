import { addDays, type IsoDate } from '@dealer/shared/domain';
import type {
  DueEvent,
  DueType,
  MaintenanceVisit,
  MileageReading,
  VehicleDue,
  VehicleDueInput
} from '@dealer/shared/domain/due';

/** A private car with nothing known; tests add what they need. */
export function vehicle(overrides: Partial<VehicleDueInput> = {}): VehicleDueInput {
  return {
    series: '卡罗拉',
    usage: 'private',
    deliveryDate: null,
    readings: [],
    maintenanceVisits: [],
    insuranceRenewalDate: null,
    inspectionDate: null,
    ...overrides
  };
}

export function reading(
  date: IsoDate,
  km: number,
  source: MileageReading['source'] = 'repair_order'
): MileageReading {
  return { date, km, source };
}

export function eventOf(result: VehicleDue, type: DueType): DueEvent {
  const found = result.events.find((e) => e.type === type);
  if (!found) throw new Error(`no ${type} event among ${result.events.map((e) => e.type).join(', ')}`);
  return found;
}

/** Deterministic pseudo-random numbers (mulberry32) so a failing property run can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/**
 * A random but plausible vehicle history as of `today`: delivery up to 8 years back (or
 * unknown), readings that mostly climb with the odd rollback, and maintenance visits.
 */
export function randomVehicle(random: () => number, today: IsoDate): VehicleDueInput {
  const ageDays = randomInt(random, 0, 8 * 365);
  const deliveryDate = random() < 0.15 ? null : addDays(today, -ageDays);
  const start = deliveryDate ?? addDays(today, -ageDays);
  const kmPerDay = random() < 0.1 ? 0 : random() * (random() < 0.2 ? 300 : 60);
  const readings: MileageReading[] = [];
  const visits: MaintenanceVisit[] = [];
  const count = randomInt(random, 0, 8);
  for (let i = 0; i < count; i++) {
    const offset = randomInt(random, 0, ageDays);
    const date = addDays(start, offset);
    const km = Math.round(offset * kmPerDay * (random() < 0.1 ? 0.3 : 1));
    if (random() < 0.4) visits.push({ date, km: random() < 0.7 ? km : null });
    else readings.push(reading(date, km, random() < 0.5 ? 'repair_order' : 'owner_booking'));
  }
  const usages = ['private', 'official', 'commercial', null] as const;
  return vehicle({
    usage: usages[randomInt(random, 0, 3)],
    deliveryDate,
    readings,
    maintenanceVisits: visits,
    insuranceRenewalDate: random() < 0.3 ? addDays(today, randomInt(random, -60, 300)) : null,
    inspectionDate: random() < 0.3 ? addDays(today, randomInt(random, -60, 700)) : null
  });
}
