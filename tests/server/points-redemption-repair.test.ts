import { Types } from 'mongoose';
import { startTestApp, type TestContext } from '../support/harness';
import { makeDealership, makeStaff } from '../support/factories';
import { clock } from '../../server/src/lib/clock';
import { runJobNow } from '../../server/src/lib/jobs';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { claimAndSpend } from '../../server/src/modules/points/redemption.service';
import { REPAIR_GRACE_MS } from '../../server/src/modules/points/redemption-repair';
import { RewardClaim } from '../../server/src/modules/points/reward.model';
import { Voucher } from '../../server/src/modules/points/voucher.model';
import { issueVoucher } from '../../server/src/modules/points/voucher-issue';
import { entriesOf, expectLedgerConsistent, makeMember, makeReward } from './points-support';

/** The crash gap of a redemption: points spent, the server stops before the voucher is stored. */

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(async () => {
  clock.set(null);
  await ctx.close();
});
afterEach(() => clock.set(null));

const later = (ms: number) => {
  const at = Date.now() + ms;
  clock.set(() => new Date(at));
};
const runSweep = (dealershipId: string) =>
  runJobNow('points-earning', { deps: ctx.deps, options: { dealership: dealershipId } });

/** A member whose redemption crashed after the spend: claims and the spend stored, no voucher. */
async function crashedRedemption() {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id);
  const item = await makeReward(ctx, manager, { price: { points: 300, cashFen: 0 }, stock: 5 });
  const member = await makeMember(ctx, dealership._id, { name: '李女士' }, 1000);
  const half = await claimAndSpend(member.ownerId, item.id);
  return { dealership, manager, item, member, half };
}

const myVouchers = async (auth: Record<string, string>) =>
  (await ctx.http().get('/api/points/me/vouchers').set(auth).expect(200)).body.items as Array<{
    code: string;
    status: string;
    item: { name: string };
  }>;
const claimedOf = async (manager: { auth: Record<string, string> }, itemId: string) => {
  const res = await ctx.http().get('/api/points/items').set(manager.auth).expect(200);
  return (res.body.items as Array<{ id: string; claimed: number }>).find((i) => i.id === itemId)?.claimed;
};

test('the sweep issues the missing voucher once, after the grace period, and a late original finds it', async () => {
  const { dealership, member, half } = await crashedRedemption();
  expect(await myVouchers(member.auth)).toEqual([]);
  expect(await expectLedgerConsistent(member.ref)).toBe(700);

  // Within the grace period the redemption may still be finishing: nothing happens.
  await runSweep(String(dealership._id));
  expect(await Voucher.countDocuments({ redemptionId: half.redemptionId })).toBe(0);

  later(REPAIR_GRACE_MS + 60_000);
  await runSweep(String(dealership._id));
  await runSweep(String(dealership._id));
  const vouchers = await myVouchers(member.auth);
  expect(vouchers).toHaveLength(1);
  expect(vouchers[0]).toMatchObject({ status: 'active', item: { name: '免费洗车' } });
  expect(await expectLedgerConsistent(member.ref)).toBe(700);

  // The original request, had it survived, gets the stored voucher instead of a second one.
  const late = await issueVoucher(half);
  expect(late.issued).toBe(false);
  expect(late.voucher.code).toBe(vouchers[0]?.code);
  expect(await Voucher.countDocuments({ redemptionId: half.redemptionId })).toBe(1);
});

test('two sweeps at once issue one voucher', async () => {
  const { dealership, half } = await crashedRedemption();
  later(REPAIR_GRACE_MS + 60_000);
  await Promise.all([runSweep(String(dealership._id)), runSweep(String(dealership._id))]);
  expect(await Voucher.countDocuments({ redemptionId: half.redemptionId })).toBe(1);
});

test('when the voucher cannot be issued (the owner unbound) the points are refunded once and the stock freed', async () => {
  const { dealership, manager, item, member, half } = await crashedRedemption();
  expect(await claimedOf(manager, item.id)).toBe(1);
  await Customer.updateOne({ _id: member.customer._id }, { $set: { ownerId: null } });

  later(REPAIR_GRACE_MS + 60_000);
  await runSweep(String(dealership._id));
  await runSweep(String(dealership._id));

  expect(await Voucher.countDocuments({ redemptionId: half.redemptionId })).toBe(0);
  expect(await expectLedgerConsistent(member.ref)).toBe(1000);
  const refunds = (await entriesOf(member.ref.accountId)).filter((e) => e.kind === 'refund');
  expect(refunds).toHaveLength(1);
  expect(refunds[0]).toMatchObject({ source: 'redemption', delta: 300 });
  expect(refunds[0]?.reason).toContain('未能出券');
  expect(await RewardClaim.countDocuments({ redemptionId: new Types.ObjectId(half.redemptionId) })).toBe(0);
  expect(await claimedOf(manager, item.id)).toBe(0);
});

test('a completed redemption is left alone by the sweep', async () => {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id);
  const item = await makeReward(ctx, manager);
  const member = await makeMember(ctx, dealership._id, {}, 500);
  await ctx.http().post(`/api/points/shop/items/${item.id}/redeem`).set(member.auth).expect(201);
  later(REPAIR_GRACE_MS + 60_000);
  await runSweep(String(dealership._id));
  expect(await myVouchers(member.auth)).toHaveLength(1);
  expect(await expectLedgerConsistent(member.ref)).toBe(400);
});
