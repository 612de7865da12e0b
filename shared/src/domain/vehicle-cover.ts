import { addYears, type IsoDate } from './dates';

/** A coverage period that ends at whichever of time or mileage comes first. */
export interface CoverageTerms {
  years: number;
  /** null = no mileage limit (some brands' warranties). */
  km: number | null;
}

/** China's statutory household-car 三包 period: 2 years / 50,000 km. */
export const DEFAULT_SANBAO_TERMS: CoverageTerms = { years: 2, km: 50_000 };
/** The most common manufacturer warranty; brands override it. */
export const DEFAULT_WARRANTY_TERMS: CoverageTerms = { years: 3, km: 100_000 };

export type CoverageStatus = 'active' | 'expired' | 'unknown' | 'not_applicable';
export type CoverageReason =
  | 'within_time_and_mileage'
  | 'time_elapsed'
  | 'mileage_reached'
  | 'mileage_unknown'
  | 'no_delivery_date'
  | 'not_household_vehicle';

export interface Coverage {
  status: CoverageStatus;
  /** Last covered day by time; null when the delivery date is unknown. */
  endsOn: IsoDate | null;
  reason: CoverageReason;
}

export interface CoverageInput {
  deliveryDate: IsoDate | null;
  mileageKm: number | null;
  today: IsoDate;
  warranty: CoverageTerms;
  sanbao: CoverageTerms;
  /** 三包 covers household (private) cars only; omit when unknown. */
  usage?: 'private' | 'official' | 'commercial' | null;
}

/**
 * Status of one period. endsOn is the anniversary day itself: the period starts the day
 * after delivery (民法典 art. 201), so it ends on the corresponding day N years later.
 * Without a mileage reading a vehicle still inside the time limit may already be past
 * the km limit, so it is 'unknown' rather than a possibly false 'active'.
 */
export function periodStatus(
  deliveryDate: IsoDate | null,
  mileageKm: number | null,
  today: IsoDate,
  terms: CoverageTerms
): Coverage {
  const endsOn = deliveryDate === null ? null : addYears(deliveryDate, terms.years);
  if (terms.km !== null && mileageKm !== null && mileageKm >= terms.km) {
    return { status: 'expired', endsOn, reason: 'mileage_reached' };
  }
  if (endsOn === null) return { status: 'unknown', endsOn, reason: 'no_delivery_date' };
  if (today > endsOn) return { status: 'expired', endsOn, reason: 'time_elapsed' };
  if (terms.km !== null && mileageKm === null)
    return { status: 'unknown', endsOn, reason: 'mileage_unknown' };
  return { status: 'active', endsOn, reason: 'within_time_and_mileage' };
}

export function coverageStatus(input: CoverageInput): { warranty: Coverage; sanbao: Coverage } {
  const { deliveryDate, mileageKm, today } = input;
  const warranty = periodStatus(deliveryDate, mileageKm, today, input.warranty);
  const householdOrUnknown = input.usage === undefined || input.usage === null || input.usage === 'private';
  const sanbao = householdOrUnknown
    ? periodStatus(deliveryDate, mileageKm, today, input.sanbao)
    : { status: 'not_applicable' as const, endsOn: null, reason: 'not_household_vehicle' as const };
  return { warranty, sanbao };
}
