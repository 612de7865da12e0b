import { startTestApp, type TestContext } from '../support/harness';
import { makeDealership, makeStaff } from '../support/factories';
import { clock } from '../../server/src/lib/clock';
import { VoucherUse } from '../../server/src/modules/points/voucher.model';
import { expectLedgerConsistent, makeMember, makeReward } from './points-support';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(async () => {
  clock.set(null);
  await ctx.close();
});
afterEach(() => clock.set(null));

async function redeemedVoucher(fields: Record<string, unknown> = {}) {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id);
  const desk = await makeStaff('advisor', dealership._id, '前台小王');
  const otherDesk = await makeStaff('advisor', dealership._id, '前台小李');
  const item = await makeReward(ctx, manager, fields);
  const member = await makeMember(ctx, dealership._id, { name: '张先生', mobile: '13912345678' }, 1000);
  const res = await ctx.http().post(`/api/points/shop/items/${item.id}/redeem`).set(member.auth).expect(201);
  return {
    dealership,
    manager,
    desk,
    otherDesk,
    item,
    member,
    voucher: res.body as { id: string; code: string }
  };
}

const lookup = (auth: Record<string, string>, code: string) =>
  ctx.http().get(`/api/points/vouchers/${code}`).set(auth);
const confirm = (auth: Record<string, string>, code: string, useNumber: number) =>
  ctx.http().post(`/api/points/vouchers/${code}/uses`).set(auth).send({ useNumber });

test('codes: 10 characters of Crockford base32, unique', async () => {
  const { voucher } = await redeemedVoucher();
  expect(voucher.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
});

test('the desk sees item, owner and remaining uses; two desks confirming at once record one use, with who and when', async () => {
  const { desk, otherDesk, voucher, member } = await redeemedVoucher();
  const seen = await lookup(desk.auth, voucher.code).expect(200);
  expect(seen.body).toMatchObject({
    code: voucher.code,
    item: { name: '免费洗车', kind: 'coupon' },
    owner: { name: '张先生', mobileTail: '5678' },
    usesTotal: 1,
    usesLeft: 1,
    nextUse: 1,
    status: 'active',
    uses: []
  });
  const [a, b] = await Promise.all([
    confirm(desk.auth, voucher.code, 1),
    confirm(otherDesk.auth, voucher.code, 1)
  ]);
  expect([a.status, b.status].sort()).toEqual([200, 409]);
  const loser = a.status === 409 ? a : b;
  // Told either that this use was just confirmed (both inserted at once) or, if it looked a
  // moment later, that the coupon is used up.
  expect(['USE_ALREADY_CONFIRMED', 'VOUCHER_USED_UP']).toContain(loser.body.error.code);
  expect(await VoucherUse.countDocuments({ voucherId: voucher.id })).toBe(1);
  const after = await lookup(desk.auth, voucher.code).expect(200);
  expect(after.body).toMatchObject({ usesLeft: 0, status: 'used_up' });
  expect(after.body.uses).toEqual([
    {
      number: 1,
      by: expect.objectContaining({ name: expect.stringMatching(/前台小[王李]/) }),
      at: expect.any(String)
    }
  ]);
  const again = await confirm(desk.auth, voucher.code, 2).expect(409);
  expect(again.body.error).toMatchObject({ code: 'VOUCHER_USED_UP', message: '该券已用完' });
  const mine = await ctx.http().get('/api/points/me/vouchers').set(member.auth).expect(200);
  expect(mine.body.items[0]).toMatchObject({ code: voucher.code, status: 'used_up', usesLeft: 0 });
});

test('a maintenance package counts down one visit at a time', async () => {
  const { desk, voucher } = await redeemedVoucher({
    name: '4 次定保',
    kind: 'package',
    uses: 4,
    price: { points: 800, cashFen: 0 }
  });
  for (let n = 1; n <= 4; n++) {
    const res = await confirm(desk.auth, voucher.code, n).expect(200);
    expect(res.body).toMatchObject({ usesTotal: 4, usesLeft: 4 - n, nextUse: n + 1 });
  }
  await confirm(desk.auth, voucher.code, 5).expect(409);
  // A stale desk confirming a use already counted is told so, and nothing is added.
  const stale = await confirm(desk.auth, voucher.code, 3).expect(409);
  expect(stale.body.error.code).toBe('VOUCHER_USED_UP');
});

test('an expired voucher is refused with a clear message', async () => {
  // Redeemed 32 days ago (sessions of then have lapsed: the desk signs in today).
  clock.set(() => new Date(Date.now() - 32 * 86_400_000));
  const { dealership, voucher } = await redeemedVoucher({ validDays: 30 });
  clock.set(null);
  const desk = await makeStaff('advisor', dealership._id);
  const res = await confirm(desk.auth, voucher.code, 1).expect(422);
  expect(res.body.error).toMatchObject({ code: 'VOUCHER_EXPIRED', message: '该券已过期' });
  expect(await VoucherUse.countDocuments({ voucherId: voucher.id })).toBe(0);
});

test('a reversed voucher gives the points back once, frees its stock unit, and is refused at the desk', async () => {
  const { manager, desk, voucher, member, item } = await redeemedVoucher({ stock: 1 });
  expect(await expectLedgerConsistent(member.ref)).toBe(900);
  const reversals = await Promise.all([
    ctx.http().post(`/api/points/vouchers/${voucher.code}/reverse`).set(manager.auth),
    ctx.http().post(`/api/points/vouchers/${voucher.code}/reverse`).set(manager.auth)
  ]);
  expect(reversals.map((r) => r.status)).toContain(200);
  expect(await expectLedgerConsistent(member.ref)).toBe(1000);
  const res = await confirm(desk.auth, voucher.code, 1).expect(422);
  expect(res.body.error).toMatchObject({ code: 'VOUCHER_REVERSED', message: '该券已撤销，不能使用' });
  const catalog = await ctx.http().get('/api/points/items').set(manager.auth).expect(200);
  expect(catalog.body.items.find((i: { id: string }) => i.id === item.id)).toMatchObject({ claimed: 0 });
  // Desk staff cannot reverse.
  await ctx.http().post(`/api/points/vouchers/${voucher.code}/reverse`).set(desk.auth).expect(403);
});

test('a used voucher cannot be reversed; a use and a reversal at the same moment: exactly one happens', async () => {
  const used = await redeemedVoucher();
  await confirm(used.desk.auth, used.voucher.code, 1).expect(200);
  const refused = await ctx
    .http()
    .post(`/api/points/vouchers/${used.voucher.code}/reverse`)
    .set(used.manager.auth)
    .expect(409);
  expect(refused.body.error.code).toBe('VOUCHER_ALREADY_USED');
  expect(await expectLedgerConsistent(used.member.ref)).toBe(900);

  const raced = await redeemedVoucher();
  const [use, reversal] = await Promise.all([
    confirm(raced.desk.auth, raced.voucher.code, 1),
    ctx.http().post(`/api/points/vouchers/${raced.voucher.code}/reverse`).set(raced.manager.auth)
  ]);
  expect([use.status, reversal.status].filter((s) => s === 200)).toHaveLength(1);
  expect(await expectLedgerConsistent(raced.member.ref)).toBe(use.status === 200 ? 900 : 1000);
});

test('desks verify only their dealership’s vouchers; codes of the wrong shape are 400; owners cannot use desk routes', async () => {
  const { voucher, member } = await redeemedVoucher();
  const elsewhere = await makeStaff('advisor', (await makeDealership())._id);
  await lookup(elsewhere.auth, voucher.code).expect(404);
  await confirm(elsewhere.auth, voucher.code, 1).expect(404);
  for (const code of ['ABC', 'abcdefghjk', 'ABCDEFGHIL', 'ABCDEFGHJKM', '0000-00000']) {
    const res = await lookup(elsewhere.auth, encodeURIComponent(code));
    expect({ code, status: res.status }).toEqual({ code, status: 400 });
  }
  await lookup(elsewhere.auth, 'ZZZZZZZZZZ').expect(404);
  await lookup(member.auth, voucher.code).expect(403);
  for (const useNumber of [0, -1, 1.5, '1']) {
    const res = await ctx
      .http()
      .post(`/api/points/vouchers/${voucher.code}/uses`)
      .set(elsewhere.auth)
      .send({ useNumber });
    expect({ useNumber, status: res.status }).toEqual({ useNumber, status: 400 });
  }
  expect(await VoucherUse.countDocuments({ voucherId: voucher.id })).toBe(0);
});

test('an owner sees only their own vouchers', async () => {
  const first = await redeemedVoucher();
  const second = await makeMember(ctx, first.dealership._id, {}, 0);
  const theirs = await ctx.http().get('/api/points/me/vouchers').set(second.auth).expect(200);
  expect(theirs.body.items).toEqual([]);
});
