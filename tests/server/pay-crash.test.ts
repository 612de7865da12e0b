import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { Types } from 'mongoose';
import request from 'supertest';
import { startTestApp, TEST_APPID, TEST_SECRET, type TestContext } from '../support/harness';
import { exited } from '../support/care-cli';
import { clock } from '../../server/src/lib/clock';
import { op } from '../../server/src/lib/query';
import { runJobNow } from '../../server/src/lib/jobs/runner';
import { Voucher } from '../../server/src/modules/points/voucher.model';
import { PayOrder, PayTransition } from '../../server/src/modules/pay/pay-order.model';
import { buyer, payStore, storedReceiptsOf, until } from './pay-support';

/**
 * The server killed (SIGKILL) while notifications are being applied — receipts stored and answered
 * but not applied, orders paid without their vouchers — and started again: every order ends
 * fulfilled with exactly one voucher (the worker's start-up sweep applies the stored receipts,
 * WeChat's retries bring the unanswered ones, the repair sweep finds nothing more to do).
 */
jest.setTimeout(180_000);
const ROOT = resolve(__dirname, '../..');
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp({}, { pay: { mode: 'certificate', timeScale: 200 } });
});
afterAll(async () => {
  clock.set(null);
  await ctx.close();
});

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** The real server (server/src/main.ts) as a process of its own, on this test's database and sandbox. */
function serverProcess(port: number): ChildProcess {
  const config = ctx.deps.config;
  return spawn('npx', ['tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      MONGODB_URI: config.MONGODB_URI,
      PORT: String(port),
      HOST: '127.0.0.1',
      WECHAT_API_BASE: ctx.sandbox.url,
      WECHAT_APPID: TEST_APPID,
      WECHAT_SECRET: TEST_SECRET,
      WECHATPAY_API_BASE: ctx.sandbox.url,
      WECHATPAY_KEYS_DIR: config.WECHATPAY_KEYS_DIR!,
      PAY_NOTIFY_BASE: `http://127.0.0.1:${port}`,
      JOBS_ENABLED: 'false',
      H5_DIR: '/nonexistent',
      LOG_LEVEL: 'warn'
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true
  });
}

async function healthy(url: string): Promise<void> {
  await until(
    () =>
      fetch(`${url}/api/health`).then(
        (r) => r.ok,
        () => false
      ),
    (ok) => ok,
    60_000
  );
}

test('killed between "paid" and "voucher issued", restarted: each order fulfilled with exactly one voucher', async () => {
  const { dealership, item } = await payStore(ctx, { stock: 100, perOwnerLimit: 1 });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const first = serverProcess(port);
  const firstExit = exited(first);
  await healthy(url);

  const owners = await Promise.all(Array.from({ length: 30 }, () => buyer(ctx, dealership._id)));
  const orders: Array<{ id: string; outTradeNo: string }> = [];
  for (const o of owners) {
    const res = await request(url).post('/api/pay/orders').set(o.auth).send({ itemId: item.id }).expect(201);
    orders.push(res.body.order);
  }
  const ids = orders.map((o) => new Types.ObjectId(o.id));
  // Every payer pays at once; the notifications reach the child together.
  for (const o of orders) ctx.sandbox.state.pay!.complete(o.outTradeNo);
  // Killed as soon as a payment is claimed without its voucher (the worker is mid-application).
  const claimedWithoutVoucher = async () =>
    (await PayTransition.countDocuments({ orderId: op.in(ids), from: 'pending', to: 'paid' })) -
    (await Voucher.countDocuments({ redemptionId: op.in(ids) }));
  await until(claimedWithoutVoucher, (n) => n > 0, 30_000);
  process.kill(-first.pid!, 'SIGKILL');
  expect((await firstExit).signal).toBe('SIGKILL');

  // Left behind by the kill: orders whose "paid" transition is claimed (on the order or not yet)
  // without a voucher.
  const claimed = await PayTransition.find({ orderId: op.in(ids), from: 'pending', to: 'paid' }).lean();
  const withVoucher = new Set(
    (await Voucher.find({ redemptionId: op.in(ids) }, { redemptionId: 1 }).lean()).map((v) =>
      String(v.redemptionId)
    )
  );
  const inGap = new Set(claimed.map((t) => String(t.orderId)).filter((id) => !withVoucher.has(id)));
  expect(inGap.size).toBeGreaterThan(0);
  // Answered (204) and left unapplied: the orders in the gap were paid by the worker from them.
  const unapplied = new Set(
    (await storedReceiptsOf(orders.map((o) => o.outTradeNo)))
      .filter((r) => !r.applied)
      .map((r) => r.outTradeNo)
  );
  expect(orders.filter((o) => inGap.has(o.id)).every((o) => unapplied.has(o.outTradeNo))).toBe(true);

  // Restarted: the stored receipts are applied at start, WeChat's retries bring the others.
  const second = serverProcess(port);
  const secondExit = exited(second);
  await healthy(url);
  await ctx.sandbox.state.pay!.idle();
  const final = await until(
    () => PayOrder.find({ _id: op.in(ids) }, { state: 1, paidVia: 1 }).lean(),
    (list) => list.every((o) => o.state === 'fulfilled'),
    60_000
  );
  expect(final).toHaveLength(30);
  expect(final.every((o) => o.paidVia === 'notification')).toBe(true);
  // Every payment stored (a retry reaching the new process may store a second copy: harmless).
  const receipts = await storedReceiptsOf(orders.map((o) => o.outTradeNo));
  expect(new Set(receipts.map((r) => r.outTradeNo)).size).toBe(30);
  expect(receipts.every((r) => r.applied)).toBe(true);
  // The repair sweep afterwards finds nothing to add.
  clock.set(() => new Date(Date.now() + 2 * 60_000));
  await runJobNow('pay-reconcile', { deps: ctx.deps });
  clock.set(null);
  const perOrder = await Voucher.aggregate<{ _id: Types.ObjectId; n: number }>([
    { $match: { redemptionId: { $in: ids } } },
    { $group: { _id: '$redemptionId', n: { $sum: 1 } } }
  ]);
  expect(perOrder).toHaveLength(30);
  expect(perOrder.every((r) => r.n === 1)).toBe(true);
  process.kill(-second.pid!, 'SIGTERM');
  await secondExit;
});
