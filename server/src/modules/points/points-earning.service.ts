import { Types } from 'mongoose';
import type { PointsRules } from '@dealer/shared';
import { clock } from '../../lib/clock';
import { BindingEvent } from '../bindings/binding.model';
import { Customer } from '../customers/customer.model';
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
}

export interface EarningOutcome {
  credited: number;
  adjusted: number;
  unchanged: number;
  points: number;
}

const CONCURRENT_ACCOUNTS = 8;

const customerPaid = (r: RepairOrderRecord) =>
  r.paid && (r.payer === null || r.payer === undefined || r.payer === 'customer');

const accountOf = (dealershipId: string, customerId: Types.ObjectId | string): AccountRef => ({
  accountId: String(customerId),
  dealershipId
});

/** The points a repair order accounts for so far (its latest revision), and how many revisions it has. */
async function roRevisions(dealershipId: string, refs: string[]) {
  const entries = await PointsEntry.find(
    { sourceRef: op.in(refs), dealershipId: new Types.ObjectId(dealershipId) },
    { sourceRef: 1, sourcePoints: 1, at: 1, seq: 1 }
  ).lean();
  const byRef = new Map<string, { count: number; points: number; at: number; seq: number }>();
  for (const e of entries) {
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

async function creditOneRepairOrder(
  dealershipId: string,
  rules: PointsRules,
  record: RepairOrderRecord,
  tier: string | null,
  before: { count: number; points: number } | undefined,
  outcome: EarningOutcome
): Promise<void> {
  const target = customerPaid(record) ? pointsForPaidService(rules, record.amountFen, tier) : 0;
  const credited = before?.points ?? 0;
  const diff = target - credited;
  if (diff === 0) {
    outcome.unchanged++;
    return;
  }
  const ref = `ro:${record.roNumber}`;
  const revision = before?.count ?? 0;
  const posted = await post(accountOf(dealershipId, record.customerId), {
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
    sourceRef: ref,
    sourcePoints: target
  });
  if (posted.duplicate || !posted.entry) {
    outcome.unchanged++;
    return;
  }
  if (revision === 0) outcome.credited++;
  else outcome.adjusted++;
  outcome.points += posted.entry.delta;
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
  const outcome: EarningOutcome = { credited: 0, adjusted: 0, unchanged: 0, points: 0 };
  if (records.length === 0) return outcome;
  const rules = await rulesOf(dealershipId);
  const customerIds = [...new Set(records.map((r) => String(r.customerId)))];
  const customers = await Customer.find(
    {
      _id: op.in(customerIds.map((id) => new Types.ObjectId(id))),
      dealershipId: new Types.ObjectId(dealershipId)
    },
    { tier: 1 }
  ).lean();
  const tierOf = new Map(customers.map((c) => [String(c._id), c.tier ?? null]));
  const revisions = await roRevisions(
    dealershipId,
    records.map((r) => `ro:${r.roNumber}`)
  );
  const byAccount = new Map<string, RepairOrderRecord[]>();
  for (const r of records) {
    const id = String(r.customerId);
    if (!tierOf.has(id)) continue; // not an archive of this dealership
    byAccount.set(id, [...(byAccount.get(id) ?? []), r]);
  }
  const queue = [...byAccount.entries()];
  // An account's orders are posted together: its lane stores them with one insert.
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [customerId, ros] = next;
      const tier = tierOf.get(customerId) ?? null;
      await Promise.all(
        ros.map((r) =>
          creditOneRepairOrder(dealershipId, rules, r, tier, revisions.get(`ro:${r.roNumber}`), outcome)
        )
      );
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_ACCOUNTS }, worker));
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
