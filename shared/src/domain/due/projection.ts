import type { VehicleUsage } from '../categories';
import { addMonths, daysBetween, type IsoDate } from '../dates';
import { lastOf } from './last';
import type { OdometerPoint } from './odometer';
import { usageOrPrivate, type DueSettings } from './settings';
import type { FleetAverages, Projection } from './types';

/**
 * How far a vehicle drives a day, in order of trust:
 * 1. its own readings — of the points observed in the last `windowMonths` before today, the
 *    latest one against the latest one at least `preferredSpanMonths` older (else the oldest
 *    in the window), when the two are at least `minSpanDays` apart;
 * 2. the dealership's measured average for its series and usage (fleetAverages);
 * 3. the dealership default for its usage (commercial vehicles drive far more).
 */
export function ownKmPerDay(
  points: readonly OdometerPoint[],
  today: IsoDate,
  settings: DueSettings['projection']
): Projection | null {
  const windowStart = addMonths(today, -settings.windowMonths);
  const recent = points.filter((p) => p.date > windowStart);
  const latest = lastOf(recent);
  if (latest === undefined || recent.length < 2) return null;
  const spanStart = addMonths(latest.date, -settings.preferredSpanMonths);
  const earlier = lastOf(recent.filter((p) => p.date <= spanStart)) ?? recent[0];
  const days = daysBetween(earlier.date, latest.date);
  if (days < settings.minSpanDays) return null;
  return {
    kmPerDay: (latest.km - earlier.km) / days,
    source: 'own',
    measuredFrom: { date: earlier.date, km: earlier.km },
    measuredTo: { date: latest.date, km: latest.km }
  };
}

/** The key of a series-and-usage group in FleetAverages. */
export function fleetKey(series: string | null, usage: VehicleUsage | null): string {
  return `${(series ?? '').trim()}|${usageOrPrivate(usage)}`;
}

export function projectKmPerDay(
  points: readonly OdometerPoint[],
  vehicle: { series: string | null; usage: VehicleUsage | null },
  context: { today: IsoDate; settings: DueSettings; fleet?: FleetAverages }
): Projection {
  const own = ownKmPerDay(points, context.today, context.settings.projection);
  if (own) return own;
  const seriesRate = vehicle.series ? context.fleet?.get(fleetKey(vehicle.series, vehicle.usage)) : undefined;
  if (seriesRate !== undefined && Number.isFinite(seriesRate) && seriesRate >= 0)
    return { kmPerDay: seriesRate, source: 'series' };
  return {
    kmPerDay: context.settings.projection.defaultKmPerDay[usageOrPrivate(vehicle.usage)],
    source: 'default'
  };
}

/** Rates of other vehicles below this count say more about those few cars than about a series. */
export const MIN_FLEET_SAMPLE = 5;

/**
 * The dealership's series averages: the median of the vehicles' own rates per series and
 * usage (a median, so one taxi among private cars does not move it), only for groups with
 * at least `minSample` measured vehicles.
 */
export function fleetAverages(
  samples: Iterable<{ series: string | null; usage: VehicleUsage | null; projection: Projection }>,
  minSample = MIN_FLEET_SAMPLE
): Map<string, number> {
  const groups = new Map<string, number[]>();
  for (const { series, usage, projection } of samples) {
    if (projection.source !== 'own' || !series?.trim()) continue;
    const key = fleetKey(series, usage);
    const rates = groups.get(key) ?? [];
    rates.push(projection.kmPerDay);
    groups.set(key, rates);
  }
  const averages = new Map<string, number>();
  for (const [key, rates] of groups) {
    if (rates.length < minSample) continue;
    rates.sort((a, b) => a - b);
    const mid = rates.length >> 1;
    averages.set(key, rates.length % 2 === 1 ? rates[mid] : (rates[mid - 1] + rates[mid]) / 2);
  }
  return averages;
}
