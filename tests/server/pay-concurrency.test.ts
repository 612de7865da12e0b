import { Types } from 'mongoose';
import { startTestApp, type TestContext } from '../support/harness';
import { clock } from '../../server/src/lib/clock';
import { op } from '../../server/src/lib/query';
import { runJobNow } from '../../server/src/lib/jobs/runner';
import { RewardClaim } from '../../server/src/modules/points/reward.model';
import { Voucher } from '../../server/src/modules/points/voucher.model';
import { PayOrder } from '../../server/src/modules/pay/pay-order.model';
import { expectLedgerConsistent } from './points-support';
import { buyer, payStore, until } from './pay-support';

/** Stock 5, 100 owners buying the points+cash item at the same moment. */
jest.setTimeout(240_000);
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp({}, { pay: { mode: 'public-key' } });
});
afterAll(async () => {
  clock.set(null);
  await ctx.close();
});

test('stock 5 and 100 concurrent buyers: 5 orders paid, the rest refused or closed, stock and reserved points restored', async () => {
  const { dealership, item, manager } = await payStore(ctx, {
    price: { points: 100, cashFen: 9_900 },
    stock: 5
  });
  const owners = [];
  for (let i = 0; i < 100; i++) owners.push(await buyer(ctx, dealership._id, 150));
  const answers = await Promise.all(
    owners.map((o) => ctx.http().post('/api/pay/orders').set(o.auth).send({ itemId: item.id }))
  );
  const created = answers.filter((a) => a.status === 201);
  expect(created).toHaveLength(5);
  for (const a of answers.filter((x) => x.status !== 201)) {
    expect(a.status).toBe(409);
    expect(a.body.error.code).toBe('OUT_OF_STOCK');
  }
  const orders = created.map((a) => a.body.order as { id: string; outTradeNo: string });
  const ids = orders.map((o) => new Types.ObjectId(o.id));
  // Four pay; one leaves the cashier and its order times out.
  for (const o of orders.slice(0, 4)) ctx.sandbox.state.pay!.complete(o.outTradeNo);
  await until(
    () => PayOrder.countDocuments({ _id: op.in(ids), state: 'fulfilled' }),
    (n) => n === 4
  );
  clock.set(() => new Date(Date.now() + 31 * 60_000));
  await runJobNow('pay-close', { deps: ctx.deps });
  clock.set(null);
  expect(await PayOrder.countDocuments({ _id: op.in(ids), state: 'closed' })).toBe(1);
  // The freed unit goes to one of the refused buyers, who pays: 5 paid orders in all.
  const late = owners[answers.findIndex((a) => a.status !== 201)]!;
  const retry = await ctx.http().post('/api/pay/orders').set(late.auth).send({ itemId: item.id }).expect(201);
  ctx.sandbox.state.pay!.complete(retry.body.order.outTradeNo);
  await until(
    () => PayOrder.countDocuments({ itemId: new Types.ObjectId(item.id), state: 'fulfilled' }),
    (n) => n === 5
  );
  expect(await Voucher.countDocuments({ itemId: new Types.ObjectId(item.id) })).toBe(5);
  expect(await RewardClaim.countDocuments({ group: `${item.id}:unit` })).toBe(5);
  const balances = await Promise.all(owners.map((o) => expectLedgerConsistent(o.ref)));
  expect(balances.filter((b) => b === 50)).toHaveLength(5);
  expect(balances.filter((b) => b === 150)).toHaveLength(95);
  const catalog = await ctx.http().get('/api/points/items').set(manager.auth).expect(200);
  expect(catalog.body.items[0]).toMatchObject({ id: item.id, stock: 5, claimed: 5 });
});
