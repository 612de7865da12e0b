import { Types } from 'mongoose';
import { startTestApp, type TestContext } from '../support/harness';
import { makeDealership, makeStaff } from '../support/factories';
import { clock } from '../../server/src/lib/clock';
import { runJobNow } from '../../server/src/lib/jobs';
import { CLAIM_SWEEP_GRACE_MS } from '../../server/src/modules/points/claim-sweep';
import { claimAndSpend, claimItem } from '../../server/src/modules/points/redemption.service';
import { RewardClaim } from '../../server/src/modules/points/reward.model';
import { Voucher } from '../../server/src/modules/points/voucher.model';
import { reservePoints } from '../../server/src/modules/pay/pay-points';
import { expectLedgerConsistent, makeMember, makeReward } from './points-support';
import { buyer, payStore, placeOrder } from './pay-support';

/**
 * The crash gap before the spend: a purchase claimed its owner slot and stock unit, then the
 * server stopped before reserving points (or storing its WeChat Pay order). The points-earning
 * job gives those claims back once, and never a claim of a purchase that got further.
 */

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp({}, { pay: { mode: 'certificate' } });
});
afterAll(async () => {
  clock.set(null);
  await ctx.close();
});
afterEach(() => clock.set(null));

const afterGrace = () => {
  const at = Date.now() + CLAIM_SWEEP_GRACE_MS + 60_000;
  clock.set(() => new Date(at));
};
const sweep = async () =>
  (await runJobNow('points-earning', { deps: ctx.deps })).counts.strayClaimsFreed ?? 0;

const claimedOf = async (manager: { auth: Record<string, string> }, itemId: string) => {
  const res = await ctx.http().get('/api/points/items').set(manager.auth).expect(200);
  return (res.body.items as Array<{ id: string; claimed: number }>).find((i) => i.id === itemId)?.claimed;
};
const claimsHeldBy = (holder: Types.ObjectId) => RewardClaim.countDocuments({ redemptionId: holder });

async function shop(price = { points: 100, cashFen: 0 }) {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id);
  const item = await makeReward(ctx, manager, { price, stock: 1, perOwnerLimit: 1 });
  const member = await makeMember(ctx, dealership._id, {}, 500);
  return { dealership, manager, item, member };
}

test('claims of a redemption that stopped before its spend are freed once, after the grace period', async () => {
  const { manager, item, member } = await shop();
  const crashed = new Types.ObjectId();
  await claimItem(member.ownerId, item.id, crashed, 'points'); // the crash: claims stored, nothing else
  expect(await claimsHeldBy(crashed)).toBe(2);
  expect(await claimedOf(manager, item.id)).toBe(1);
  // The only unit is held: the owner cannot buy it.
  await ctx.http().post(`/api/points/shop/items/${item.id}/redeem`).set(member.auth).expect(409);

  // Within the grace period the purchase may still be on its way: nothing is freed.
  expect(await sweep()).toBe(0);
  expect(await claimsHeldBy(crashed)).toBe(2);

  afterGrace();
  const [first, second] = await Promise.all([sweep(), sweep()]);
  expect(first + second).toBe(2); // the owner slot and the stock unit, each once
  expect(await sweep()).toBe(0);
  expect(await claimsHeldBy(crashed)).toBe(0);
  expect(await claimedOf(manager, item.id)).toBe(0);
  expect(await expectLedgerConsistent(member.ref)).toBe(500);

  // The freed unit and slot can be bought again, and that purchase's claims stay held.
  clock.set(null);
  await ctx.http().post(`/api/points/shop/items/${item.id}/redeem`).set(member.auth).expect(201);
  afterGrace();
  expect(await sweep()).toBe(0);
  expect(await claimedOf(manager, item.id)).toBe(1);
});

test('a run for one dealership sweeps only the claims on its own items', async () => {
  const { dealership, item, member } = await shop();
  const elsewhere = await makeDealership();
  await claimItem(member.ownerId, item.id, new Types.ObjectId(), 'points');
  afterGrace();
  const sweepOf = async (d: Types.ObjectId) =>
    (await runJobNow('points-earning', { deps: ctx.deps, options: { dealership: String(d) } })).counts
      .strayClaimsFreed ?? 0;
  expect(await sweepOf(elsewhere._id)).toBe(0);
  expect(await sweepOf(dealership._id)).toBe(2);
});

test('a completed redemption keeps its claims', async () => {
  const { manager, item, member } = await shop();
  await ctx.http().post(`/api/points/shop/items/${item.id}/redeem`).set(member.auth).expect(201);
  afterGrace();
  expect(await sweep()).toBe(0);
  expect(await claimedOf(manager, item.id)).toBe(1);
  expect(await expectLedgerConsistent(member.ref)).toBe(400);
});

test('a redemption that stopped after its spend is left to the redemption repair, which issues its voucher', async () => {
  const { manager, item, member } = await shop();
  const half = await claimAndSpend(member.ownerId, item.id);
  afterGrace();
  expect(await sweep()).toBe(0);
  expect(await claimsHeldBy(half.redemptionId)).toBe(2);
  expect(await Voucher.countDocuments({ redemptionId: half.redemptionId })).toBe(1);
  expect(await claimedOf(manager, item.id)).toBe(1);
});

test('WeChat Pay: a stored order keeps its claims; an order that stopped before being stored is swept', async () => {
  const { dealership, manager, item } = await payStore(ctx, { stock: 2 });
  const owner = await buyer(ctx, dealership._id);
  const { order } = await placeOrder(ctx, owner.auth, item.id);
  const crashed = new Types.ObjectId();
  await claimItem(owner.ownerId, item.id, crashed, 'cash'); // cash only: no reservation, no order
  expect(await claimedOf(manager, item.id)).toBe(2);

  afterGrace();
  expect(await sweep()).toBe(2);
  expect(await claimsHeldBy(crashed)).toBe(0);
  expect(await claimsHeldBy(new Types.ObjectId(order.id))).toBe(2);
  expect(await claimedOf(manager, item.id)).toBe(1);
});

test('WeChat Pay: claims of an order whose points were reserved are left to the pay repair', async () => {
  const { dealership, item } = await payStore(ctx, { price: { points: 100, cashFen: 990 } });
  const owner = await buyer(ctx, dealership._id, 300);
  const crashed = new Types.ObjectId();
  const { archive } = await claimItem(owner.ownerId, item.id, crashed, 'cash');
  await reservePoints({
    _id: crashed,
    dealershipId: dealership._id,
    customerId: archive._id,
    itemName: item.name,
    points: 100
  });
  afterGrace();
  expect(await sweep()).toBe(0);
  expect(await claimsHeldBy(crashed)).toBe(2);
});
