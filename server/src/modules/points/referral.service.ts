import { Types, type InferSchemaType } from 'mongoose';
import type { PointsRules, ReferralView } from '@dealer/shared';
import { clock, shanghaiDate } from '../../lib/clock';
import { isDuplicateKeyError } from '../../lib/errors';
import { op } from '../../lib/query';
import type { OwnerBound } from '../bindings/binding-hooks';
import { Binding, BindingEvent } from '../bindings/binding.model';
import { Dealership } from '../dealerships/dealership.model';
import type { BulkPosting } from './ledger-bulk';
import { ownerArchiveAt } from './points-account.service';
import { expiryFor, rulesOf } from './points-rules.service';
import { Referral, ReferralCode } from './referral.model';
import { newCrockfordCode, REFERRAL_TOKEN_LENGTH } from './voucher-code';

/**
 * Referrals: an owner shares the mini-program (the share opens the dealership's bind page
 * with their token); a friend who binds through it is recorded once (`_id` = the friend's
 * archive), and the friend's first customer-paid visit after binding earns the sharer the
 * referral bonus, once per friend (source key `referral:<friend archive>`).
 */

const oid = (id: Types.ObjectId | string) => new Types.ObjectId(String(id));

/** The bind page of a dealership, carrying a referral token: what a share opens. */
export const sharePathOf = (dealerCode: string, token: string): string =>
  `/pages/owner/bind/index?scene=${encodeURIComponent(`d=${dealerCode}`)}&ref=${token}`;

async function tokenOf(ownerId: string, dealershipId: string, customerId: Types.ObjectId): Promise<string> {
  const mine = { ownerId: oid(ownerId), dealershipId: oid(dealershipId) };
  const existing = await ReferralCode.findOne(mine, { _id: 1 }).lean();
  if (existing) return existing._id;
  try {
    const token = newCrockfordCode(REFERRAL_TOKEN_LENGTH);
    await ReferralCode.create({ _id: token, ...mine, customerId, createdAt: clock.now() });
    return token;
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const raced = await ReferralCode.findOne(mine, { _id: 1 }).lean();
    if (!raced) throw err;
    return raced._id;
  }
}

/** The owner's referral token at a dealership they are bound to (404 elsewhere), and how their shares did. */
export async function referralFor(ownerId: string, dealershipId: string): Promise<ReferralView> {
  const archive = await ownerArchiveAt(ownerId, dealershipId);
  const [token, dealership, rules] = await Promise.all([
    tokenOf(ownerId, dealershipId, archive._id),
    Dealership.findById(dealershipId, { code: 1 }).lean(),
    rulesOf(dealershipId)
  ]);
  const [invited, rewarded] = await Promise.all([
    Referral.countDocuments({ referrerCustomerId: archive._id }),
    Referral.countDocuments({ referrerCustomerId: archive._id, rewardedAt: op.ne(null) })
  ]);
  return {
    dealershipId,
    token,
    sharePath: sharePathOf(dealership?.code ?? '', token),
    invited,
    rewarded,
    referralBonus: rules.referralBonus
  };
}

/** Whether the friend was a member before this binding (their archive, or they at this dealership). */
async function boundBefore(event: Omit<OwnerBound, 'newlyBound'>): Promise<boolean> {
  const before = { type: 'bind', at: op.lt(event.boundAt) };
  const [archive, owner] = await Promise.all([
    BindingEvent.exists({ ...before, customerId: event.customerId }),
    BindingEvent.exists({ ...before, ownerId: event.ownerId, dealershipId: event.dealershipId })
  ]);
  return archive !== null || owner !== null;
}

/**
 * Records the referral of a new binding made through a share (the bindings module's hook).
 * An unknown token, another dealership's token, one's own token, or a friend who was a member
 * before records nothing; the binding stands whatever happens here.
 */
export async function recordReferral(event: Omit<OwnerBound, 'newlyBound'>): Promise<void> {
  if (!event.referral) return;
  const code = await ReferralCode.findById(event.referral).lean();
  if (!code || !code.dealershipId.equals(event.dealershipId)) return;
  if (code.ownerId.equals(event.ownerId)) return;
  if (await boundBefore(event)) return;
  try {
    await Referral.create({
      _id: event.customerId,
      dealershipId: event.dealershipId,
      referrerOwnerId: code.ownerId,
      referrerCustomerId: code.customerId,
      friendOwnerId: event.ownerId,
      token: code._id,
      boundOn: shanghaiDate(event.boundAt),
      rewardedAt: null,
      createdAt: clock.now()
    });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
  }
}

/** A visit that can be a friend's first paid visit: customer-paid, with an amount, its day. */
export interface PaidVisit {
  customerId: Types.ObjectId | string;
  amountFen: number;
  /** YYYY-MM-DD (Asia/Shanghai); absent: taken as after the binding. */
  serviceDate?: string;
}

type ReferralRecord = InferSchemaType<typeof Referral.schema> & { _id: Types.ObjectId };

/**
 * Records the referrals a crash left in the bindings alone: the binding was stored with its
 * share's token but the hook never ran. Idempotent (the referral's unique `_id`).
 */
async function recordLeftInBindings(
  bindings: ReadonlyArray<{
    ownerId: Types.ObjectId;
    dealershipId: Types.ObjectId;
    customerId: Types.ObjectId;
    referral?: string | null;
    boundAt: Date;
  }>,
  recorded: ReadonlySet<string>
): Promise<Types.ObjectId[]> {
  const left = bindings.filter((b) => b.referral && !recorded.has(String(b.customerId)));
  for (const b of left)
    await recordReferral({
      ownerId: b.ownerId,
      dealershipId: b.dealershipId,
      customerId: b.customerId,
      referral: b.referral ?? null,
      boundAt: b.boundAt
    });
  return left.map((b) => b.customerId);
}

/**
 * The referrals not yet rewarded of these customers (friends) at the dealership. A binding
 * that carries a share's token but has no referral record yet (the server stopped before the
 * binding's hook) is recorded now, so the referral is not lost. Both reads are by one
 * indexed field (`_id`, `customerId`; one index for FerretDB) and run at once.
 */
export async function unrewardedReferrals(
  dealershipId: string,
  customerIds: readonly string[]
): Promise<ReferralRecord[]> {
  const ids = [...new Set(customerIds)].map(oid);
  if (ids.length === 0) return [];
  const [found, bindings] = await Promise.all([
    Referral.find({ _id: op.in(ids) }).lean<ReferralRecord[]>(),
    Binding.find({ customerId: op.in(ids), referral: op.ne(null) }).lean()
  ]);
  const recordedNow = await recordLeftInBindings(bindings, new Set(found.map((r) => String(r._id))));
  const all =
    recordedNow.length === 0
      ? found
      : [...found, ...(await Referral.find({ _id: op.in(recordedNow) }).lean<ReferralRecord[]>())];
  return all.filter((r) => r.rewardedAt === null && r.dealershipId.equals(dealershipId));
}

/** The referral bonuses these paid visits earn (each friend's visit on or after their binding day). */
export function referralPostings(
  dealershipId: string,
  rules: PointsRules,
  referrals: readonly ReferralRecord[],
  visits: readonly PaidVisit[]
): { due: ReferralRecord[]; postings: BulkPosting[] } {
  if (rules.referralBonus <= 0) return { due: [], postings: [] };
  const paid = visits.filter((v) => v.amountFen > 0);
  const due = referrals.filter((r) =>
    paid.some((v) => String(v.customerId) === String(r._id) && (v.serviceDate ?? r.boundOn) >= r.boundOn)
  );
  const postings: BulkPosting[] = due.map((r) => ({
    ref: { accountId: String(r.referrerCustomerId), dealershipId },
    posting: {
      kind: 'earn',
      source: 'referral',
      reason: '推荐好友首次到店奖励',
      change: { type: 'credit', points: rules.referralBonus, expiresOn: expiryFor(rules, clock.now()) },
      sourceKey: `${dealershipId}:referral:${String(r._id)}`
    }
  }));
  return { due, postings };
}

/** Notes the rewarded referrals for the views (the ledger entry is the bonus itself). */
export async function markRewarded(due: readonly ReferralRecord[]): Promise<void> {
  if (due.length === 0) return;
  await Referral.updateMany(
    { _id: op.in(due.map((r) => r._id)), rewardedAt: null },
    { $set: { rewardedAt: clock.now() } }
  );
}
