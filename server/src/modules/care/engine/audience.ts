import { Types, type FilterQuery } from 'mongoose';
import { op } from '../../../lib/query';
import { Customer, type CustomerDoc } from '../../customers/customer.model';
import { Vehicle } from '../../vehicles/vehicle.model';
import type { OccasionPlan } from './occasions';
import type { CareSources } from '../care-sources';

export interface AudienceRule {
  audience: { tiers: string[]; includeUntiered: boolean; segmentId: Types.ObjectId | null };
}

export interface AudienceCustomer {
  _id: Types.ObjectId;
  name: string;
  ownerId: Types.ObjectId | null;
  advisorId: Types.ObjectId | null;
  tier: string | null;
  consent?: { marketing?: boolean | null } | null;
  lastPaidServiceDate?: string | null;
}

export interface AudienceMember {
  customer: AudienceCustomer;
  /** Whole years since delivery (purchase anniversaries). */
  years: number | null;
}

const PROJECTION = {
  _id: 1,
  name: 1,
  ownerId: 1,
  advisorId: 1,
  tier: 1,
  consent: 1,
  lastPaidServiceDate: 1
} as const;

/** Tiers go into the query when they alone decide (an indexed $in); else they are checked per customer. */
function tierFilter(rule: AudienceRule): {
  query: FilterQuery<CustomerDoc>;
  keep: (c: AudienceCustomer) => boolean;
} {
  const { tiers, includeUntiered } = rule.audience;
  if (tiers.length === 0) return { query: {}, keep: (c) => includeUntiered || c.tier !== null };
  if (!includeUntiered) return { query: { tier: op.in(tiers) }, keep: () => true };
  return { query: {}, keep: (c) => c.tier === null || tiers.includes(c.tier) };
}

/** Saved segments are evaluated when used: the rule's segment as a customer filter now. */
async function segmentQuery(
  rule: AudienceRule,
  dealershipId: Types.ObjectId,
  sources: CareSources
): Promise<FilterQuery<CustomerDoc>> {
  const segmentId = rule.audience.segmentId;
  if (!segmentId) return {};
  const filter = await sources.segmentFilter(dealershipId, segmentId);
  if (!filter) throw new Error(`segment ${String(segmentId)} no longer exists`);
  return filter;
}

/** The rule's audience for an occasion, streamed in batches from a cursor (memory stays flat). */
export async function* streamAudience(
  rule: AudienceRule,
  dealershipId: Types.ObjectId,
  plan: OccasionPlan,
  batchSize: number,
  sources: CareSources
): AsyncGenerator<AudienceMember[]> {
  const tiers = tierFilter(rule);
  const segment = await segmentQuery(rule, dealershipId, sources);
  const base: FilterQuery<CustomerDoc> = { ...segment, ...tiers.query, dealershipId };
  const source = plan.source;

  if (source.kind === 'vehicles') {
    const cursor = Vehicle.find(
      { dealershipId, anniversaryKey: op.in(source.keys) },
      { customerId: 1, deliveryDate: 1 }
    )
      .lean()
      .cursor({ batchSize });
    let pending: Array<{ customerId: Types.ObjectId; years: number }> = [];
    const flush = async () => {
      const years = new Map(pending.map((p) => [String(p.customerId), p.years]));
      pending = [];
      const customers = await Customer.find(
        { ...base, _id: op.in([...years.keys()].map((id) => new Types.ObjectId(id))) },
        PROJECTION
      ).lean<AudienceCustomer[]>();
      return customers
        .filter(tiers.keep)
        .map((customer) => ({ customer, years: years.get(String(customer._id)) ?? null }));
    };
    for await (const v of cursor) {
      const years = source.year - Number(String(v.deliveryDate).slice(0, 4));
      if (years >= 1) pending.push({ customerId: v.customerId, years });
      if (pending.length >= batchSize) yield await flush();
    }
    if (pending.length > 0) yield await flush();
    return;
  }

  const filter =
    source.kind === 'customer_ids' ? { ...base, _id: op.in(source.ids) } : { ...source.filter, ...base };
  const cursor = Customer.find(filter, PROJECTION).lean<AudienceCustomer[]>().cursor({ batchSize });
  let batch: AudienceMember[] = [];
  for await (const doc of cursor) {
    const customer = doc as unknown as AudienceCustomer;
    if (!tiers.keep(customer)) continue;
    batch.push({ customer, years: null });
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** About how many customers an occasion reaches (the operator's progress bar; tiers per query only). */
export async function countAudience(
  rule: AudienceRule,
  dealershipId: Types.ObjectId,
  plan: OccasionPlan
): Promise<number> {
  const source = plan.source;
  const tiers = tierFilter(rule).query;
  if (source.kind === 'vehicles')
    return Vehicle.countDocuments({ dealershipId, anniversaryKey: op.in(source.keys) });
  if (source.kind === 'customer_ids') return source.ids.length;
  return Customer.countDocuments({ ...source.filter, ...tiers, dealershipId });
}
