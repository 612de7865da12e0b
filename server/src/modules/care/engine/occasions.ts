import type { Types } from 'mongoose';
import { festivalOn } from '@dealer/shared/domain/calendar/festivals';
import { addDays, type IsoDate } from '@dealer/shared/domain/dates';
import { FESTIVAL_LABELS, OCCASION_LABELS } from '@dealer/shared';
import { op } from '../../../lib/query';
import { anniversaryKeysOn, birthdayKeysOn } from '../../../lib/occasion-keys';
import { occasionKind } from '../care-rule.model';
import type { CareSources } from '../care-sources';

/**
 * Which customers a rule's occasion falls on for a job day: the day the job runs for plus
 * the rule's lead days is the occasion day. Each kind narrows by an indexed key, never by
 * scanning dates (FerretDB filters anything else after decoding every candidate).
 */
export type OccasionSource =
  /** Customers matching this filter (with the dealership); tiers and segment come on top. */
  | { kind: 'customers'; filter: Record<string, unknown> }
  /** Vehicles delivered on this month-day in an earlier year (purchase anniversaries). */
  | { kind: 'vehicles'; keys: string[]; year: number }
  | { kind: 'customer_ids'; ids: Types.ObjectId[] };

export interface OccasionPlan {
  /** The occasion day (the dispatch key's date unless `episodeKey` says otherwise). */
  occasionDate: IsoDate;
  label: string;
  festival: string;
  source: OccasionSource;
  /** Win-back: one task per at-risk episode, keyed by the last paid visit before it. */
  episodeKey?: (customer: { lastPaidServiceDate?: string | null }) => string;
}

export interface OccasionRule {
  occasion: string;
  leadDays: number;
  everyMonths?: number | null;
}

/** The rule's occasion on `date + leadDays`, or null when it does not fall that day. */
export async function occasionOn(
  rule: OccasionRule,
  date: IsoDate,
  dealershipId: Types.ObjectId,
  sources: CareSources
): Promise<OccasionPlan | null> {
  const target = addDays(date, rule.leadDays);
  const kind = occasionKind(rule.occasion);
  const base = { occasionDate: target, label: OCCASION_LABELS[kind], festival: '' };
  switch (kind) {
    case 'birthday':
      return {
        ...base,
        source: { kind: 'customers', filter: { birthdayKey: op.in(birthdayKeysOn(target)) } }
      };
    case 'festival': {
      const key = rule.occasion.slice('festival:'.length);
      const festival = festivalOn(target).find((f) => f.key === key);
      if (!festival) return null;
      const name = FESTIVAL_LABELS[festival.key];
      return { ...base, label: name, festival: name, source: { kind: 'customers', filter: {} } };
    }
    case 'purchase_anniversary':
      return {
        ...base,
        source: { kind: 'vehicles', keys: anniversaryKeysOn(target), year: Number(target.slice(0, 4)) }
      };
    case 'tier_touchpoint': {
      const month = Number(target.slice(5, 7));
      const every = rule.everyMonths ?? 3;
      if (target.slice(8) !== '01' || (month - 1) % every !== 0) return null;
      return { ...base, source: { kind: 'customers', filter: {} } };
    }
    case 'tier_upgrade':
      return {
        ...base,
        source: { kind: 'customer_ids', ids: await sources.tierUpgrades(dealershipId, target) }
      };
    case 'at_risk_winback':
      return {
        ...base,
        source: { kind: 'customers', filter: { lifecycle: 'at_risk' } },
        episodeKey: (c) => c.lastPaidServiceDate ?? 'no-paid-visit'
      };
  }
}
