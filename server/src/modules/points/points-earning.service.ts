import { Types } from 'mongoose';
import type { PointsRules } from '@dealer/shared';
import { clock } from '../../lib/clock';
import { BindingEvent } from '../bindings/binding.model';
import { Customer } from '../customers/customer.model';
import { postMany, type BulkPosting } from './ledger-bulk';
import { markRewarded, referralPostings, unrewardedReferrals } from './referral.service';
import { post } from './ledger-lane';
import type { AccountRef } from './points-ledger';
import { PointsEntry } from './points-ledger.model';
import { expiryFor, pointsForPaidService, rulesOf } from './points-rules.service';
import { op } from '../../lib/query';

/** Earning: repair orders, binding, birthday and survey bonuses. Each event is credited once (its source key). */

/** A repair order as written by the DMS import. */
export interface RepairOrderRecord {
  roNumber: string;
  customerId: Types.ObjectId | string;
  amountFen: number;
  paid: boolean;
  /** Who paid; null when the DMS did not say (then `paid` decides). */
  payer?: string | null;
  /** YYYY-MM-DD of the visit (a referred friend's first paid visit counts from their binding day). */
  serviceDate?: string;
  /** Just inserted by the import: no earlier revision is looked up (a collision is checked after). */
  created?: boolean;
}

export interface EarningOutcome {
  credited: number;
  adjusted: number;
  unchanged: number;
  points: number;
  /** Referral bonuses these orders earned the friends' referrers. */
  referrals: number;
}

const customerPaid = (r: RepairOrderRecord) =>
  r.paid && (r.payer === null || r.payer === undefined || r.payer === 'customer');

const accountOf = (dealershipId: string, customerId: Types.ObjectId | string): AccountRef => ({
  accountId: String(customerId),
  dealershipId
});

/**
 * The points a repair order accounts for so far (its latest revision), and how many revisions
 * it has. The filter names only `sourceRef` (FerretDB drives a query by one index; given the
 * dealership too it would read every entry of the dealership); the dealership is checked here.
 */
async function roRevisions(dealershipId: string, refs: string[]) {
  const byRef = new Map<string, { count: number; points: number; at: number; seq: number }>();
  // No refs, no read (an empty $in is not pushed down: it would scan the ledger).
  if (refs.length === 0) return byRef;
  const dealer = new Types.ObjectId(dealershipId);
  const entries = await PointsEntry.find(
    { sourceRef: op.in(refs) },
    { sourceRef: 1, sourcePoints: 1, at: 1, seq: 1, dealershipId: 1 }
  ).lean();
  for (const e of entries) {
    if (!e.dealershipId.equals(dealer)) continue;
    const ref = e.sourceRef ?? '';
    const prev = byRef.get(ref);
    const at = e.at.getTime();
    const newer = !prev || at > prev.at || (at === prev.at && e.seq > prev.seq);
    byRef.set(ref, {
      count: (prev?.count ?? 0) + 1,
      points: newer ? (e.sourcePoints ?? 0) : prev.points,
      at: newer ? at : prev.at,
      seq: newer ? e.seq : prev.seq
    });
  }
  return byRef;
}

/** The posting that brings a repair order's points to its target, or null when it is already there. */
function repairOrderPosting(
  dealershipId: string,
  rules: PointsRules,
  record: RepairOrderRecord,
  tier: string | null,
  before: { count: number; points: number } | undefined
): BulkPosting | null {
  const target = customerPaid(record) ? pointsForPaidService(rules, record.amountFen, tier) : 0;
  const diff = target - (before?.points ?? 0);
  if (diff === 0) return null;
  const revision = before?.count ?? 0;
  return {
    ref: accountOf(dealershipId, record.customerId),
    posting: {
      kind: revision === 0 ? 'earn' : 'adjust',
      source: 'repair_order',
      reason:
        revision === 0 ? `维修工单 ${record.roNumber} 消费积分` : `维修工单 ${record.roNumber} 金额变更调整`,
      change:
        diff > 0
          ? { type: 'credit', points: diff, expiresOn: expiryFor(rules, clock.now()) }
          : { type: 'debit', points: -diff, partial: true },
      sourceKey:
        revision === 0
          ? `${dealershipId}:ro:${record.roNumber}`
          : `${dealershipId}:ro:${record.roNumber}:r${revision}`,
      sourceRef: `ro:${record.roNumber}`,
      sourcePoints: target
    }
  };
}

/**
 * Customers' tiers as this process last read them (an import meets the same customers batch
 * after batch); a tier read more than TIER_TTL_MS ago is read again. Tiers change in the
 * monthly tier run, so a few minutes' delay in the multiplier is harmless.
 */
const tierCache = new Map<string, { dealershipId: string; tier: string | null; at: number }>();
const TIER_TTL_MS = 10 * 60_000;
const TIER_CACHE_MAX = 200_000;

/** The tiers of the records' customers who are archives of this dealership (others are absent). */
async function tiersOf(dealershipId: string, records: readonly RepairOrderRecord[]) {
  const now = Date.now();
  const ids = [...new Set(records.map((r) => String(r.customerId)))];
  const missing = ids.filter((id) => {
    const cached = tierCache.get(id);
    return !cached || now - cached.at > TIER_TTL_MS;
  });
  if (missing.length > 0) {
    // By `_id` alone (one index for FerretDB); archives of other dealerships are dropped below.
    const customers = await Customer.find(
      { _id: op.in(missing.map((id) => new Types.ObjectId(id))) },
      { tier: 1, dealershipId: 1 }
    ).lean();
    if (tierCache.size + customers.length > TIER_CACHE_MAX) tierCache.clear();
    for (const c of customers)
      tierCache.set(String(c._id), { dealershipId: String(c.dealershipId), tier: c.tier ?? null, at: now });
  }
  const tiers = new Map<string, string | null>();
  for (const id of ids) {
    const cached = tierCache.get(id);
    if (cached && cached.dealershipId === dealershipId) tiers.set(id, cached.tier);
  }
  return tiers;
}

/**
 * Credits points for imported repair orders: whole yuan of customer-paid service × points per
 * yuan × the customer's tier multiplier. The RO number is the source key, so the same RO
 * imported twice is credited once; a re-import with a changed amount (or no longer
 * customer-paid) writes one adjustment for the difference (`:r<n>`), once.
 */
export async function creditRepairOrders(
  dealershipId: string,
  records: readonly RepairOrderRecord[]
): Promise<EarningOutcome> {
  const outcome: EarningOutcome = { credited: 0, adjusted: 0, unchanged: 0, points: 0, referrals: 0 };
  if (records.length === 0) return outcome;
  // The batch's reads at once: rules, tiers, RO revisions, and its friends' referrals.
  const paidCustomers = records
    .filter((r) => customerPaid(r) && r.amountFen > 0)
    .map((r) => String(r.customerId));
  const [rules, tierOf, revisions, referrals] = await Promise.all([
    rulesOf(dealershipId),
    tiersOf(dealershipId, records),
    roRevisions(
      dealershipId,
      records.filter((r) => !r.created).map((r) => `ro:${r.roNumber}`)
    ),
    unrewardedReferrals(dealershipId, paidCustomers)
  ]);
  const postings: BulkPosting[] = [];
  const postedRecords: RepairOrderRecord[] = [];
  for (const r of records) {
    const id = String(r.customerId);
    if (!tierOf.has(id)) continue; // not an archive of this dealership
    const posting = repairOrderPosting(
      dealershipId,
      rules,
      r,
      tierOf.get(id) ?? null,
      revisions.get(`ro:${r.roNumber}`)
    );
    if (posting) {
      postings.push(posting);
      postedRecords.push(r);
    } else outcome.unchanged++;
  }
  const paidVisits = records.filter((r) => customerPaid(r) && tierOf.has(String(r.customerId)));
  const referral = referralPostings(dealershipId, rules, referrals, paidVisits);
  // The whole batch, referral bonuses included, in a few round trips; each RO (and each
  // revision, each friend's bonus) once, whoever races: the unique source keys decide.
  const results = await postMany([...postings, ...referral.postings], { keysChecked: true });
  // A just-inserted RO whose first entry exists after all (its record was removed and imported
  // again): looked at again with its revisions, so a changed amount is still adjusted.
  const recheck: RepairOrderRecord[] = [];
  results.forEach((result, i) => {
    if (result.status === 'rejected') throw result.reason;
    const posted = result.value;
    const fresh = posted.entry !== null && !posted.duplicate;
    if (i >= postings.length) {
      if (fresh) outcome.referrals++;
      return;
    }
    if (!fresh && postedRecords[i].created) recheck.push({ ...postedRecords[i], created: false });
    else if (!fresh) outcome.unchanged++;
    else if (postings[i].posting.kind === 'earn') outcome.credited++;
    else outcome.adjusted++;
    if (fresh && posted.entry) outcome.points += posted.entry.delta;
  });
  await markRewarded(referral.due);
  if (recheck.length === 0) return outcome;
  const again = await creditRepairOrders(dealershipId, recheck);
  for (const key of Object.keys(outcome) as Array<keyof EarningOutcome>) outcome[key] += again[key];
  return outcome;
}

/** A fixed bonus, once per source key. */
export async function creditBonus(
  ref: AccountRef,
  input: { source: 'binding' | 'birthday' | 'survey'; points: number; reason: string; key: string }
): Promise<boolean> {
  if (input.points <= 0) return false;
  const rules = await rulesOf(ref.dealershipId);
  const posted = await post(ref, {
    kind: 'earn',
    source: input.source,
    reason: input.reason,
    change: { type: 'credit', points: input.points, expiresOn: expiryFor(rules, clock.now()) },
    sourceKey: `${ref.dealershipId}:${input.source}:${input.key}`
  });
  return !posted.duplicate && posted.entry !== null;
}

/** Binding bonus for every archive bound since `since` (once per archive, whatever rebinding follows). */
export async function creditBindingBonuses(dealershipId: string, since: Date): Promise<number> {
  const rules = await rulesOf(dealershipId);
  const events = await BindingEvent.find(
    { dealershipId: new Types.ObjectId(dealershipId), at: op.gte(since), type: 'bind' },
    { customerId: 1 }
  ).lean();
  let credited = 0;
  for (const e of events) {
    const ok = await creditBonus(accountOf(dealershipId, e.customerId), {
      source: 'binding',
      points: rules.bindingBonus,
      reason: '绑定会员奖励',
      key: String(e.customerId)
    });
    if (ok) credited++;
  }
  return credited;
}

/** Birthday bonus for the bound customers whose birthday is `date` (once per customer and year). */
export async function creditBirthdayBonuses(
  dealershipId: string,
  date: string,
  keys: string[]
): Promise<number> {
  const rules = await rulesOf(dealershipId);
  const customers = await Customer.find(
    { dealershipId: new Types.ObjectId(dealershipId), birthdayKey: op.in(keys) },
    { ownerId: 1 }
  ).lean();
  let credited = 0;
  for (const c of customers) {
    if (!c.ownerId) continue;
    const ok = await creditBonus(accountOf(dealershipId, c._id), {
      source: 'birthday',
      points: rules.birthdayBonus,
      reason: '生日礼遇积分',
      key: `${String(c._id)}:${date.slice(0, 4)}`
    });
    if (ok) credited++;
  }
  return credited;
}
