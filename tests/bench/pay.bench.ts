/**
 * WeChat Pay notifications under a burst: BENCH_PAY_NOTIFICATIONS (default 1,000) notifications,
 * 20 % of them duplicates of others, for pending orders, handled BENCH_PAY_CONCURRENCY (default
 * 50) at a time by the server's handler (signature, timestamp, serial, decryption, merchant
 * checks, the receipt stored durably before the answer). The handled side is timed until every
 * notification is answered (what WeChat sees); the fulfilment worker (order checks, the paid
 * transition, the voucher, fulfilled) runs meanwhile and after, and the round's check waits until
 * every order is fulfilled with exactly one voucher (the drain time is reported too). Baseline in
 * the same run: signature verification and AES-256-GCM decryption alone of the same
 * notifications. Fresh orders every round; steps alternate.
 *
 *   npx tsx tests/bench/pay.bench.ts     (BENCH_PAY_NOTIFICATIONS=200 to smoke-test)
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose, { Types } from 'mongoose';
import { loadConfig } from '../../server/src/config';
import { disconnectDatabase, ensureIndexes } from '../../server/src/lib/db';
import { op } from '../../server/src/lib/query';
import '../../server/src/composition';
import { RewardItem } from '../../server/src/modules/points/reward.model';
import { Voucher } from '../../server/src/modules/points/voucher.model';
import { decryptResource, signatureProblem, signedMessageOf } from '../../server/src/modules/pay/pay-crypto';
import { handleNotification } from '../../server/src/modules/pay/pay-notification.service';
import { PayOrder } from '../../server/src/modules/pay/pay-order.model';
import { fulfilmentQueue } from '../../server/src/modules/pay/pay-fulfilment-queue';
import { payRuntime } from '../../server/src/modules/pay/pay-runtime';
import { ensureDemoPayKeys, type PayKeys } from '../../scripts/pay-keys';
import { paidTrade, signedNotification, type HandMadeNotification } from '../support/pay-notifications';
import { connectForBench } from './command-profile';
import { profiled } from './cpu-profile';
import {
  engineName,
  envInt,
  loadNow,
  perRoundRow,
  ROUNDS,
  runStandalone,
  seededRandom,
  spread,
  startBenchDatabase,
  type BenchRow
} from './common';

const NOTIFICATIONS = envInt('BENCH_PAY_NOTIFICATIONS', 1_000);
const CONCURRENCY = envInt('BENCH_PAY_CONCURRENCY', 50);
const DUPLICATE_SHARE = 0.2;
const AMOUNT = 129_900;

interface Round {
  orderIds: Types.ObjectId[];
  notifications: HandMadeNotification[];
}

async function seedRound(keys: PayKeys, seed: number): Promise<Round> {
  const random = seededRandom(seed);
  const distinct = Math.round(NOTIFICATIONS * (1 - DUPLICATE_SHARE));
  const dealershipId = new Types.ObjectId();
  const now = new Date();
  // The item sold (the voucher is issued from it, as in production).
  const item = await RewardItem.create({
    dealershipId,
    name: '4 次定保',
    kind: 'package',
    pricePoints: 0,
    priceCashFen: AMOUNT,
    stock: distinct,
    perOwnerLimit: 1,
    uses: 4,
    validDays: 365,
    active: true,
    createdAt: now,
    updatedAt: now
  });
  const orders = Array.from({ length: distinct }, () => {
    const _id = new Types.ObjectId();
    return {
      _id,
      outTradeNo: `P${_id.toHexString()}`,
      dealershipId,
      itemId: item._id,
      itemName: '4 次定保',
      itemKind: 'package',
      customerId: new Types.ObjectId(),
      ownerId: new Types.ObjectId(),
      openid: 'o-bench',
      amountFen: AMOUNT,
      points: 0,
      consumed: [],
      claims: [],
      state: 'pending',
      createdAt: now,
      expiresAt: new Date(now.getTime() + 30 * 60_000)
    };
  });
  await PayOrder.insertMany(orders);
  const unique = orders.map((o) =>
    signedNotification(keys, paidTrade(keys, o.outTradeNo, AMOUNT), { serial: keys.publicKeyId })
  );
  const duplicates = Array.from(
    { length: NOTIFICATIONS - distinct },
    () => unique[Math.floor(random() * unique.length)]!
  );
  // Duplicates mixed in (WeChat's retries arrive among the first deliveries).
  const notifications = [...unique, ...duplicates].sort(() => random() - 0.5);
  return { orderIds: orders.map((o) => o._id), notifications };
}

/** Runs `work` over the notifications, CONCURRENCY at a time; returns ms and the p99 of one. */
async function burst(list: HandMadeNotification[], work: (n: HandMadeNotification) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < list.length) {
        const n = list[next++]!;
        const t = process.hrtime.bigint();
        await work(n);
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    })
  );
  latencies.sort((a, b) => a - b);
  return { ms: Date.now() - started, p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0 };
}

/**
 * Waits until every order is fulfilled with exactly one voucher (the worker applies the receipts
 * after the answers); fails the round when that takes over a minute after the worker is idle.
 */
async function allFulfilled(orderIds: Types.ObjectId[]): Promise<void> {
  await fulfilmentQueue.idle();
  const deadline = Date.now() + 60_000;
  for (;;) {
    const fulfilled = await PayOrder.countDocuments({ _id: op.in(orderIds), state: 'fulfilled' });
    const vouchers = await Voucher.countDocuments({ redemptionId: op.in(orderIds) });
    if (fulfilled === orderIds.length && vouchers === orderIds.length) return;
    if (vouchers > orderIds.length || Date.now() > deadline)
      throw new Error(`${fulfilled} fulfilled, ${vouchers} vouchers for ${orderIds.length} orders`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const lowerHeaders = (n: HandMadeNotification) =>
  Object.fromEntries(Object.entries(n.headers).map(([k, v]) => [k.toLowerCase(), v]));

export async function benchPay(): Promise<BenchRow[]> {
  const rounds = ROUNDS();
  const database = await startBenchDatabase('bench-pay');
  try {
    const profile = await connectForBench(database.uri('bench_pay'));
    await mongoose.connection.db?.dropDatabase();
    await ensureIndexes();
    const engine = await engineName();
    const keysDir = mkdtempSync(join(tmpdir(), 'bench-pay-keys-'));
    const keys = ensureDemoPayKeys(keysDir, 'wx-bench');
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      MONGODB_URI: database.uri('bench_pay'),
      WECHATPAY_KEYS_DIR: keysDir
    });
    const runtime = payRuntime(config);
    const gateway = await runtime.gateway();
    const loadBefore = loadNow();
    const handled: Array<{ ms: number; p99: number }> = [];
    const drains: number[] = [];
    const crypto: Array<{ ms: number; p99: number }> = [];
    for (let round = 0; round < rounds; round++) {
      const r = await seedRound(keys, 11 + round);
      const steps = [
        async () => {
          const started = Date.now();
          // BENCH_CPU_PROFILE=<dir>: a CPU profile of the answers (tests/bench/cpu-profile.ts).
          const result = await profiled(`pay-answers-${round + 1}`, () =>
            burst(r.notifications, async (n) => {
              const answer = await handleNotification(runtime, lowerHeaders(n), n.body);
              if (answer.status !== 204)
                throw new Error(`answered ${answer.status}: ${answer.body?.message}`);
            })
          );
          await allFulfilled(r.orderIds);
          const drainMs = Date.now() - started;
          handled.push(result);
          drains.push(drainMs);
          process.stderr.write(
            `  round ${round + 1}: answered ${(result.ms / 1000).toFixed(2)} s, all fulfilled ${(drainMs / 1000).toFixed(2)} s\n`
          );
        },
        async () => {
          const result = await burst(r.notifications, async (n) => {
            const problem = await signatureProblem(
              signedMessageOf(lowerHeaders(n), n.body),
              gateway.platformKeys.keyFor,
              Date.now()
            );
            if (problem) throw new Error(problem);
            const { resource } = JSON.parse(n.body) as { resource: { ciphertext: string; nonce: string } };
            JSON.parse(decryptResource(resource, gateway.apiV3Key));
          });
          crypto.push(result);
          process.stderr.write(`  round ${round + 1}: verify + decrypt ${(result.ms / 1000).toFixed(2)} s\n`);
        }
      ];
      for (const step of round % 2 ? steps.reverse() : steps) await step();
    }
    if (profile) process.stderr.write(`${profile.report()}\n`);
    const perSecond = (ms: number) => (NOTIFICATIONS / ms) * 1000;
    const distinctOrders = Math.round(NOTIFICATIONS * (1 - DUPLICATE_SHARE));
    const ratios = handled.map((h, i) => perSecond(h.ms) / perSecond(crypto[i]!.ms));
    return [
      perRoundRow(
        'WeChat Pay notifications (20 % duplicates), answered (receipt stored) vs signature verification + decryption alone',
        `answered ${spread(handled.map((h) => perSecond(h.ms)))} notifications/s, p99 ${spread(
          handled.map((h) => h.p99),
          1,
          ' ms'
        )}; every order fulfilled once, one voucher each, ${spread(
          drains.map((d) => d / 1000),
          2,
          ' s'
        )} after the first notification (${spread(
          drains.map((d) => (distinctOrders / d) * 1000)
        )} orders fulfilled/s); verify + decrypt ${spread(
          crypto.map((c) => perSecond(c.ms))
        )} /s, p99 ${spread(
          crypto.map((c) => c.p99),
          2,
          ' ms'
        )}`,
        ratios,
        { kind: 'atLeast', value: 0.5 },
        `${NOTIFICATIONS.toLocaleString('en-US')} notifications, ${CONCURRENCY} at a time; load average ${loadBefore} → ${loadNow()}; ${engine}`
      )
    ];
  } finally {
    await disconnectDatabase();
    await database.db.stop();
  }
}

if (require.main === module) runStandalone(benchPay);
