import type {
  AgeGroup,
  ClassSettings,
  Lifecycle,
  ServiceStage,
  Tier,
  VehicleAgeClass,
  VehicleUsage
} from '@dealer/shared';
import { coverageStatus, type CoverageTerms } from '@dealer/shared/domain';
import { tierWindow } from '@dealer/shared/domain/tiers';

/**
 * The classifications besides tiers (docs/domain.md "Classifications"), as pure rules of what a
 * run has gathered about a customer as of a day. Records after `asOf` are never counted.
 */

/** `asOf` moved back whole months (a missing day becomes the month's last: 31 Aug − 6 → 28/29 Feb). */
export const monthsBefore = (asOf: string, months: number) =>
  tierWindow({ asOf, lookbackMonths: months }).after;

export interface LifecycleRules extends ClassSettings {
  atRiskMonths: number;
  lostMonths: number;
  /** The "frequent" window for loyal (the KPI active window, 12 months by default). */
  activeMonths: number;
}

export interface LifecycleInput {
  isProspect: boolean;
  /** Any service record at all (paid or not) up to asOf. */
  hasRecords: boolean;
  lastPaidVisit: string | null;
  /** Latest delivery date (≤ asOf) of the customer's vehicles: a new buyer's clock starts there. */
  latestDelivery: string | null;
  /** Distinct days with paid service in (asOf − activeMonths, asOf]. */
  paidVisitsInActiveWindow: number;
  tier: Tier | null;
}

/**
 * - prospect: a WeChat prospect with no service record;
 * - lost: the last paid visit (or, without one, the delivery) is more than `lostMonths` ago —
 *   strictly before the same day `lostMonths` earlier; at-risk likewise with `atRiskMonths`;
 * - loyal (忠诚 = frequent and high spend): ≥ loyalMinPaidVisits paid visits in the active
 *   window and a tier in loyalTiers (default ≥ 2 visits in 12 months, tier A or B);
 * - ordinary otherwise;
 * - null (unclassified) when nothing dates the relationship: no paid visit, no delivery.
 */
export function lifecycleOf(c: LifecycleInput, asOf: string, rules: LifecycleRules): Lifecycle | null {
  if (c.isProspect && !c.hasRecords) return 'prospect';
  const since = c.lastPaidVisit ?? c.latestDelivery;
  if (since === null) return c.isProspect ? 'prospect' : null;
  if (since < monthsBefore(asOf, rules.lostMonths)) return 'lost';
  if (since < monthsBefore(asOf, rules.atRiskMonths)) return 'at_risk';
  const loyalTier = c.tier !== null && rules.loyalTiers.includes(c.tier);
  return loyalTier && c.paidVisitsInActiveWindow >= rules.loyalMinPaidVisits ? 'loyal' : 'ordinary';
}

export interface MainVehicle {
  id: string;
  deliveryDate: string | null;
  mileageKm: number | null;
  usage: VehicleUsage | null;
}

/**
 * The vehicle a customer's vehicle classes describe: the most recently delivered one (the
 * car warranty, first maintenance and care are about), then the newest record.
 */
export function isMoreMain(candidate: MainVehicle, current: MainVehicle | null): boolean {
  if (current === null) return true;
  const a = candidate.deliveryDate ?? '';
  const b = current.deliveryDate ?? '';
  return a !== b ? a > b : candidate.id > current.id;
}

/** Service record types that count as maintenance (保养). */
export const MAINTENANCE_TYPES: ReadonlySet<string> = new Set(['first_maintenance', 'regular_maintenance']);

export interface VehicleVisits {
  hasMaintenance: boolean;
  hasOther: boolean;
}

/**
 * Of the main vehicle: regular once it has a maintenance record; awaiting first
 * maintenance while delivered less than `awaitingFirstMonths` ago without one (a repair
 * in between does not change that — the first maintenance is still due); repair-only when
 * it has only other records; none otherwise (no vehicle, or long delivered and never seen).
 */
export function serviceStageOf(
  main: MainVehicle | null,
  visits: VehicleVisits | undefined,
  asOf: string,
  rules: ClassSettings
): ServiceStage {
  if (main === null) return 'none';
  if (visits?.hasMaintenance) return 'regular';
  const delivery = main.deliveryDate;
  if (delivery !== null && delivery <= asOf && delivery >= monthsBefore(asOf, rules.awaitingFirstMonths))
    return 'awaiting_first';
  return visits?.hasOther ? 'repair_only' : 'none';
}

/**
 * Of the main vehicle, through coverageStatus: 三包 (the shorter, statutory period) first,
 * then the maker's warranty; out when both have ended (三包 not applying counts as ended);
 * unknown when coverage cannot be told (no delivery date, or mileage unknown within time).
 */
export function vehicleAgeOf(
  main: MainVehicle | null,
  asOf: string,
  terms: { warranty: CoverageTerms; sanbao: CoverageTerms }
): VehicleAgeClass | null {
  if (main === null) return null;
  const { warranty, sanbao } = coverageStatus({
    deliveryDate: main.deliveryDate,
    mileageKm: main.mileageKm,
    today: asOf,
    warranty: terms.warranty,
    sanbao: terms.sanbao,
    usage: main.usage
  });
  if (sanbao.status === 'active') return 'sanbao';
  if (warranty.status === 'active') return 'warranty';
  const sanbaoOver = sanbao.status === 'expired' || sanbao.status === 'not_applicable';
  return warranty.status === 'expired' && sanbaoOver ? 'out' : 'unknown';
}

/** '1985-07-01' → '80s'; years before 1960 or after 2009 → 'other'; no date → null. */
export function ageGroupOf(birthDate: string | null | undefined): AgeGroup | null {
  const year = birthDate ? Number(birthDate.slice(0, 4)) : NaN;
  if (!Number.isInteger(year) || year < 1900) return null;
  const decades: Record<number, AgeGroup> = {
    1960: '60s',
    1970: '70s',
    1980: '80s',
    1990: '90s',
    2000: '00s'
  };
  return decades[Math.floor(year / 10) * 10] ?? 'other';
}
