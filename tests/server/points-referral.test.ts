import { Types } from 'mongoose';
import { formatScene } from '@dealer/shared';
import { clock, shanghaiDate } from '../../server/src/lib/clock';
import { WechatClient } from '../../server/src/lib/wechat/client';
import { Binding } from '../../server/src/modules/bindings/binding.model';
import { bindOwner } from '../../server/src/modules/bindings/binding.service';
import { creditRepairOrders } from '../../server/src/modules/points/points-earning.service';
import { PointsEntry } from '../../server/src/modules/points/points-ledger.model';
import { Referral } from '../../server/src/modules/points/referral.model';
import { ServiceRecord } from '../../server/src/modules/vehicles/service-record.model';
import { startTestApp, TEST_APPID, TEST_SECRET, type TestContext } from '../support/harness';
import {
  loginOwner,
  makeCustomer,
  makeDealership,
  makeStaff,
  makeVehicle,
  uniqueMobile
} from '../support/factories';
import { importFile } from './imports-support';
import { expectLedgerConsistent, makeMember, repairOrderCsv } from './points-support';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

const csv = repairOrderCsv;

const today = () => shanghaiDate(clock.now());
let plateSeq = 0;

/** A dealership with a manager and a member who shares (the referrer). */
async function setup() {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id);
  const referrer = await makeMember(ctx, dealership._id);
  return { dealership, manager, referrer, d: String(dealership._id) };
}

async function referralOf(owner: { auth: Record<string, string> }, dealershipId: string) {
  const res = await ctx
    .http()
    .get('/api/points/me/referral')
    .query({ dealershipId })
    .set(owner.auth)
    .expect(200);
  return res.body as {
    token: string;
    sharePath: string;
    invited: number;
    rewarded: number;
    referralBonus: number;
  };
}

/** A friend with an imported archive (and a car) who has not bound yet. */
async function makeFriend(dealershipId: Types.ObjectId) {
  const mobile = uniqueMobile();
  const customer = await makeCustomer(dealershipId, { mobile, source: 'dms_import' });
  const plate = `粤C${String(20000 + ++plateSeq)}`;
  await makeVehicle(customer, { plate, vin: null });
  const owner = await loginOwner(ctx);
  return { mobile, customer, plate, owner };
}

function bind(
  friend: { owner: { auth: Record<string, string>; openid: string }; mobile: string },
  dealerCode: string,
  referral?: string
) {
  const { code } = ctx.sandbox.state.mintPhoneCode({
    phoneNumber: friend.mobile,
    openid: friend.owner.openid
  });
  return ctx
    .http()
    .post('/api/owner/bindings')
    .set(friend.owner.auth)
    .send({ scene: formatScene(dealerCode), phoneCode: code, ...(referral ? { referral } : {}) });
}

const referralEntries = (accountId: string) =>
  PointsEntry.find({ accountId: new Types.ObjectId(accountId), source: 'referral' }).lean();

test('a friend bound through a share earns the sharer the referral bonus at their first paid visit, once', async () => {
  const { dealership, manager, referrer, d } = await setup();
  const rules = await ctx.http().get('/api/points/rules').set(manager.auth).expect(200);
  expect(rules.body.referralBonus).toBe(200);
  const { dealershipId: _omit, ...editable } = rules.body;
  await ctx
    .http()
    .put('/api/points/rules')
    .set(manager.auth)
    .send({ ...editable, referralBonus: 300 })
    .expect(200);

  const share = await referralOf(referrer, d);
  expect(share.token).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);
  expect(share.sharePath).toBe(
    `/pages/owner/bind/index?scene=${encodeURIComponent(`d=${dealership.code}`)}&ref=${share.token}`
  );
  expect(share).toMatchObject({ invited: 0, rewarded: 0, referralBonus: 300 });
  // Asking again gives the same token.
  expect((await referralOf(referrer, d)).token).toBe(share.token);

  const friend = await makeFriend(dealership._id);
  await bind(friend, dealership.code, share.token).expect(200);
  expect(await Referral.countDocuments({ _id: friend.customer._id })).toBe(1);
  expect(await referralOf(referrer, d)).toMatchObject({ invited: 1, rewarded: 0 });

  // A visit paid by insurance is not the first customer-paid visit.
  await importFile(ctx, manager.auth, csv([`RF-1,${friend.plate},${today()},一般维修,900,保险`]), {
    kind: 'repair_orders'
  });
  expect(await referralEntries(String(referrer.customer._id))).toHaveLength(0);

  // The first customer-paid visit: the import's hook credits the referrer 300 points.
  const paid = csv([`RF-2,${friend.plate},${today()},定期保养,500,客户付费`]);
  await importFile(ctx, manager.auth, paid, { kind: 'repair_orders' });
  const entries = await referralEntries(String(referrer.customer._id));
  expect(entries.map((e) => [e.kind, e.delta, e.reason])).toEqual([['earn', 300, '推荐好友首次到店奖励']]);

  // The same RO imported again, credited by five importers at once, and a second paid visit: still once.
  await importFile(ctx, manager.auth, paid, { kind: 'repair_orders' });
  const records = await ServiceRecord.find({ dealershipId: dealership._id }).lean();
  await Promise.all(Array.from({ length: 5 }, () => creditRepairOrders(d, records)));
  await importFile(ctx, manager.auth, csv([`RF-3,${friend.plate},${today()},定期保养,700,客户付费`]), {
    kind: 'repair_orders'
  });
  expect(await referralEntries(String(referrer.customer._id))).toHaveLength(1);
  expect(await expectLedgerConsistent(referrer.ref)).toBe(300);
  expect(await referralOf(referrer, d)).toMatchObject({ invited: 1, rewarded: 1 });

  // The sharer sees it in their history; the friend earned their own visit points, no referral bonus.
  const history = await ctx
    .http()
    .get('/api/points/me/history')
    .query({ dealershipId: d })
    .set(referrer.auth)
    .expect(200);
  expect(history.body.items[0]).toMatchObject({ source: 'referral', points: 300 });
  expect(await referralEntries(String(friend.customer._id))).toHaveLength(0);
});

test('a crash between the binding and its hook loses no referral: the sharer is credited once at the first paid visit', async () => {
  const { dealership, manager, referrer, d } = await setup();
  const { token } = await referralOf(referrer, d);
  const friend = await makeFriend(dealership._id);
  // The binding as a crash right after its insert leaves it: the referral hook never ran.
  const wechat = new WechatClient({
    baseUrl: ctx.sandbox.url,
    appid: TEST_APPID,
    secret: TEST_SECRET,
    timeoutMs: 5000
  });
  const { code } = ctx.sandbox.state.mintPhoneCode({
    phoneNumber: friend.mobile,
    openid: friend.owner.openid
  });
  await bindOwner(wechat, friend.owner.ownerId, {
    scene: formatScene(dealership.code),
    phoneCode: code,
    referral: token
  });
  expect(await Binding.countDocuments({ customerId: friend.customer._id, referral: token })).toBe(1);
  expect(await Referral.countDocuments({ _id: friend.customer._id })).toBe(0);

  // The first customer-paid visit: the referral is found in the binding and the sharer credited.
  const paid = csv([`RC-1,${friend.plate},${today()},定期保养,500,客户付费`]);
  await importFile(ctx, manager.auth, paid, { kind: 'repair_orders' });
  expect((await referralEntries(String(referrer.customer._id))).map((e) => e.delta)).toEqual([200]);
  expect((await Referral.findById(friend.customer._id).lean())?.rewardedAt).toBeInstanceOf(Date);

  // Imported again, credited by several importers at once, a second visit: still once.
  await importFile(ctx, manager.auth, paid, { kind: 'repair_orders' });
  const records = await ServiceRecord.find({ dealershipId: dealership._id }).lean();
  await Promise.all(Array.from({ length: 5 }, () => creditRepairOrders(d, records)));
  await importFile(ctx, manager.auth, csv([`RC-2,${friend.plate},${today()},定期保养,700,客户付费`]), {
    kind: 'repair_orders'
  });
  expect(await referralEntries(String(referrer.customer._id))).toHaveLength(1);
  expect(await expectLedgerConsistent(referrer.ref)).toBe(200);
  expect(await referralOf(referrer, d)).toMatchObject({ invited: 1, rewarded: 1 });
});

test('two friends importing at once: each earns the sharer one bonus, never more', async () => {
  const { dealership, manager, referrer, d } = await setup();
  const { token } = await referralOf(referrer, d);
  const friends = [await makeFriend(dealership._id), await makeFriend(dealership._id)];
  for (const f of friends) await bind(f, dealership.code, token).expect(200);
  const file = csv(friends.map((f, i) => `RG-${i},${f.plate},${today()},定期保养,300,客户付费`));
  await Promise.all([
    importFile(ctx, manager.auth, file, { kind: 'repair_orders' }),
    importFile(ctx, manager.auth, file, { kind: 'repair_orders' })
  ]);
  const records = await ServiceRecord.find({ dealershipId: dealership._id }).lean();
  await Promise.all(Array.from({ length: 10 }, () => creditRepairOrders(d, records)));
  expect((await referralEntries(String(referrer.customer._id))).map((e) => e.delta)).toEqual([200, 200]);
  expect(await expectLedgerConsistent(referrer.ref)).toBe(400);
});

test('no bonus for a self-referral, a friend who was bound before, another dealership’s token or a visit before binding', async () => {
  const { dealership, manager, referrer, d } = await setup();
  const { token } = await referralOf(referrer, d);

  // An owner who binds through their own share (after unbinding) refers nobody.
  const self = await makeFriend(dealership._id);
  await bind(self, dealership.code).expect(200);
  const ownToken = (await referralOf(self.owner, d)).token;
  await ctx.http().delete(`/api/owner/bindings/${d}`).set(self.owner.auth).expect(204);
  await bind(self, dealership.code, ownToken).expect(200);
  expect(await Referral.countDocuments({ _id: self.customer._id })).toBe(0);

  // A friend already bound (binding again through the share, or rebinding after unbinding).
  const member = await makeFriend(dealership._id);
  await bind(member, dealership.code).expect(200);
  await bind(member, dealership.code, token).expect(200);
  await ctx.http().delete(`/api/owner/bindings/${d}`).set(member.owner.auth).expect(204);
  await bind(member, dealership.code, token).expect(200);
  expect(await Referral.countDocuments({ _id: member.customer._id })).toBe(0);

  // Another dealership's token, and an unknown one: the binding stands, no referral.
  const other = await makeDealership('另一家店');
  const otherMember = await makeMember(ctx, other._id);
  const otherToken = (await referralOf(otherMember, String(other._id))).token;
  const stranger = await makeFriend(dealership._id);
  await bind(stranger, dealership.code, otherToken).expect(200);
  expect(await Referral.countDocuments({ _id: stranger.customer._id })).toBe(0);
  const unknown = await makeFriend(dealership._id);
  await bind(unknown, dealership.code, '0123456789AB').expect(200);
  expect(await Referral.countDocuments({ _id: unknown.customer._id })).toBe(0);

  // A referred friend whose only paid visit is before the binding day earns the sharer nothing.
  const early = await makeFriend(dealership._id);
  await bind(early, dealership.code, token).expect(200);
  await importFile(ctx, manager.auth, csv([`RH-1,${early.plate},2024-05-01,定期保养,800,客户付费`]), {
    kind: 'repair_orders'
  });
  expect(await referralEntries(String(referrer.customer._id))).toHaveLength(0);
  expect(await referralOf(referrer, d)).toMatchObject({ invited: 1, rewarded: 0 });
});

test('bad input: a malformed token binds nothing; the referral view needs a binding at that dealership', async () => {
  const { dealership, referrer, d } = await setup();
  const friend = await makeFriend(dealership._id);
  for (const referral of ['abc', '0123456789AI', 'x'.repeat(40), 12]) {
    const { code } = ctx.sandbox.state.mintPhoneCode({
      phoneNumber: friend.mobile,
      openid: friend.owner.openid
    });
    const res = await ctx
      .http()
      .post('/api/owner/bindings')
      .set(friend.owner.auth)
      .send({ scene: formatScene(dealership.code), phoneCode: code, referral })
      .expect(400);
    expect(res.body.error.code).toBeDefined();
  }
  expect(await Binding.countDocuments({ ownerId: new Types.ObjectId(friend.owner.ownerId) })).toBe(0);

  const other = await makeDealership('未绑定门店');
  await ctx
    .http()
    .get('/api/points/me/referral')
    .query({ dealershipId: String(other._id) })
    .set(referrer.auth)
    .expect(404);
  await ctx
    .http()
    .get('/api/points/me/referral')
    .query({ dealershipId: 'nope' })
    .set(referrer.auth)
    .expect(400);
  await ctx.http().get('/api/points/me/referral').set(referrer.auth).expect(400);
  expect(d).toBeTruthy();
});
