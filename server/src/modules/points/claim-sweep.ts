import { Types } from 'mongoose';
import { clock } from '../../lib/clock';
import { op } from '../../lib/query';
import { PointsEntry } from './points-ledger.model';
import type { PointsSources } from './points-sources';
import { RewardClaim, RewardItem } from './reward.model';
import { Voucher } from './voucher.model';

/**
 * The crash gap before the spend: a purchase claimed its owner slot and stock unit (unique
 * inserts) and the server stopped before the points were reserved — or, for a WeChat Pay order
 * without a points part, before the order was stored. Nothing else ever frees such claims: the
 * redemption repair starts from a spend, the pay module's repair from a reservation or a stored
 * order. The sweep gives back claims older than `CLAIM_SWEEP_GRACE_MS` whose holder has no
 * voucher, no spend and is no order another module keeps (`PointsSources.claimHoldersKept`).
 * A claim is deleted by its `_id` *and* its holder, so a unit another purchase has claimed since
 * is never freed, and a second (or concurrent) sweep finds nothing left to free.
 */

const MINUTE_MS = 60_000;
/** A claim younger than this may belong to a purchase still on its way to the spend. */
export const CLAIM_SWEEP_GRACE_MS = 10 * MINUTE_MS;
/** Claims this old are no longer looked at (the sweep runs every ten minutes). */
const LOOKBACK_MS = 3 * 24 * 60 * MINUTE_MS;

interface HeldClaim {
  _id: string;
  group: string;
  redemptionId: Types.ObjectId;
  at: Date;
}

const itemIdOf = (claim: HeldClaim) => claim.group.split(':')[0] ?? '';
const holderOf = (claim: HeldClaim) => String(claim.redemptionId);
const holderOfSpend = (sourceKey: string) => sourceKey.slice(sourceKey.lastIndexOf(':') + 1);

async function withVoucher(holders: Types.ObjectId[]): Promise<Set<string>> {
  const vouchers = await Voucher.find({ redemptionId: op.in(holders) }, { redemptionId: 1 }).lean();
  return new Set(vouchers.map((v) => String(v.redemptionId)));
}

/**
 * Whether the holder spent or reserved points (a redemption's `…:redeem:<id>`, a pay order's
 * reservation): those claims are the repairs' to finish. Spends follow their claims within the
 * grace period, so only that window of the dealership's entries is read.
 */
async function hasSpent(claim: HeldClaim, dealershipId: Types.ObjectId): Promise<boolean> {
  const from = claim.at.getTime() - MINUTE_MS;
  const spends = await PointsEntry.find(
    {
      dealershipId,
      at: op.range(new Date(from), new Date(from + CLAIM_SWEEP_GRACE_MS + 2 * MINUTE_MS)),
      kind: 'spend'
    },
    { sourceKey: 1 }
  ).lean();
  return spends.some((s) => holderOfSpend(s.sourceKey) === holderOf(claim));
}

async function dealershipOfItems(claims: HeldClaim[]): Promise<Map<string, Types.ObjectId>> {
  const itemIds = [...new Set(claims.map(itemIdOf))].filter((id) => Types.ObjectId.isValid(id));
  const items = await RewardItem.find({ _id: op.in(itemIds) }, { dealershipId: 1 }).lean();
  return new Map(items.map((i) => [String(i._id), i.dealershipId] as const));
}

/**
 * Claims held past the grace period, on items of these dealerships, by a purchase that never got
 * as far as its spend.
 */
async function strayClaims(sources: PointsSources, dealershipIds: ReadonlySet<string>): Promise<HeldClaim[]> {
  const now = clock.now().getTime();
  const held = await RewardClaim.find({
    at: op.range(new Date(now - LOOKBACK_MS), new Date(now - CLAIM_SWEEP_GRACE_MS))
  }).lean<HeldClaim[]>();
  if (held.length === 0) return [];
  const holders = [...new Set(held.map(holderOf))].map((id) => new Types.ObjectId(id));
  const [vouchered, kept] = await Promise.all([
    withVoucher(holders),
    sources.claimHoldersKept ? sources.claimHoldersKept(holders) : new Set<string>()
  ]);
  const unfinished = held.filter((c) => !vouchered.has(holderOf(c)) && !kept.has(holderOf(c)));
  const dealerships = await dealershipOfItems(unfinished);
  const spent = new Map<string, boolean>(); // per holder: its slot and its unit share one answer
  const stray: HeldClaim[] = [];
  for (const claim of unfinished) {
    const dealershipId = dealerships.get(itemIdOf(claim));
    if (!dealershipId || !dealershipIds.has(String(dealershipId))) continue;
    if (!spent.has(holderOf(claim))) spent.set(holderOf(claim), await hasSpent(claim, dealershipId));
    if (!spent.get(holderOf(claim))) stray.push(claim);
  }
  return stray;
}

/** Gives back the stray claims on items of these dealerships; answers how many this sweep freed. */
export async function freeStrayClaims(
  sources: PointsSources,
  dealershipIds: readonly string[]
): Promise<number> {
  let freed = 0;
  for (const claim of await strayClaims(sources, new Set(dealershipIds))) {
    const { deletedCount } = await RewardClaim.deleteOne({
      _id: claim._id,
      redemptionId: claim.redemptionId
    });
    freed += deletedCount;
  }
  return freed;
}
