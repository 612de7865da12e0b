/**
 * The advisor workbench: GET /api/reminders/workbench (the whole HTTP stack: session, scope,
 * the candidate query, the page's details) for an advisor with BENCH_WORKBENCH_ASSIGNED
 * customers (default 3,000) in a dealership of BENCH_WORKBENCH_CUSTOMERS (default 100,000),
 * against the raw indexed query it needs: the driver's find of the advisor's current due
 * events whose window has opened (index advisorId + current + dueDate), all fields, toArray.
 * Each step is BENCH_WORKBENCH_REQUESTS sequential requests (default 40); the steps
 * alternate over BENCH_ROUNDS rounds (default 3). Ratio = baseline p50 / workbench p50
 * (median of the per-round ratios; goal ≥ 0.4). A second row filters by state (every
 * candidate's state derived), without a goal.
 *
 *   npx tsx tests/bench/workbench.bench.ts   (BENCH_WORKBENCH_CUSTOMERS=10000 for a smoke run)
 */
import type { Server } from 'node:http';
import { rmSync } from 'node:fs';
import mongoose, { Types } from 'mongoose';
import { addDays } from '@dealer/shared/domain/dates';
import { createApp } from '../../server/src/app';
import { compose } from '../../server/src/composition';
import { loadConfig } from '../../server/src/config';
import { shanghaiDate } from '../../server/src/lib/clock';
import { connectDatabase, disconnectDatabase, ensureIndexes } from '../../server/src/lib/db';
import { createLogger } from '../../server/src/lib/logger';
import { WechatClient } from '../../server/src/lib/wechat/client';
import { makeDealership, makeStaff } from '../support/factories';
import {
  alternate,
  engineName,
  envInt,
  loadNow,
  median,
  perRoundRow,
  ROUNDS,
  runStandalone,
  seededRandom,
  startBenchDatabase,
  type BenchRow
} from './common';

const CUSTOMERS = envInt('BENCH_WORKBENCH_CUSTOMERS', 100_000);
const ASSIGNED = envInt('BENCH_WORKBENCH_ASSIGNED', 3_000);
const REQUESTS = envInt('BENCH_WORKBENCH_REQUESTS', 40);
const ADVISORS = Math.max(1, Math.ceil(CUSTOMERS / ASSIGNED));
const BATCH = 5000;

async function insertInBatches(name: string, count: number, make: (i: number) => Record<string, unknown>) {
  const collection = mongoose.connection.db!.collection(name);
  for (let i = 0; i < count; i += BATCH) {
    const docs = [];
    for (let j = i; j < Math.min(count, i + BATCH); j++) docs.push(make(j));
    await collection.insertMany(docs, { ordered: false });
  }
}

/**
 * Customer i belongs to advisor i % ADVISORS (advisor 0 is the measured one); one vehicle
 * each with a regular-maintenance event due within ±200 days and an insurance event within
 * ±400 days; a fifth of the customers bound, a tenth reminded, some bookings and repair orders.
 */
async function seed(dealershipId: Types.ObjectId, advisorIds: Types.ObjectId[], today: string) {
  const random = seededRandom(21);
  const now = new Date();
  const customer = (i: number) => new Types.ObjectId(i.toString(16).padStart(24, '0'));
  const vehicle = (i: number) => new Types.ObjectId((0x10000000 + i).toString(16).padStart(24, '0'));
  await insertInBatches('customers', CUSTOMERS, (i) => ({
    _id: customer(i),
    dealershipId,
    name: `客户${i}`,
    mobile: null,
    mobileKey: `none:${customer(i)}`,
    source: 'dms_import',
    advisorId: advisorIds[i % ADVISORS],
    tier: ['A', 'B', 'C', 'D'][i % 4],
    ownerId: i % 5 === 0 ? new Types.ObjectId() : null,
    createdAt: now,
    updatedAt: now
  }));
  const events: Array<Record<string, unknown>> = [];
  for (let i = 0; i < CUSTOMERS; i++) {
    for (const [type, span, lead] of [
      ['regular_maintenance', 200, 14],
      ['insurance', 400, 30]
    ] as const) {
      const dueDate = addDays(today, Math.floor(random() * 2 * span) - span);
      events.push({
        _id: `${String(vehicle(i))}:${type}:${dueDate}`,
        dealershipId,
        vehicleId: vehicle(i),
        customerId: customer(i),
        advisorId: advisorIds[i % ADVISORS],
        tier: ['A', 'B', 'C', 'D'][i % 4],
        customerName: `客户${i}`,
        plate: `粤B${String(i).padStart(5, '0')}`,
        vehicleTitle: '大众 帕萨特',
        type,
        occurrence: dueDate,
        dueDate,
        dueMileage: null,
        basis: 'time',
        status: 'due_soon',
        remindFrom: addDays(dueDate, -lead),
        explanation: `约 ${dueDate} 或 25,000 公里，按每天约 27 公里估算`,
        controlGroup: i % 10 === 9,
        current: true,
        computedOn: today,
        updatedAt: now
      });
    }
  }
  await insertInBatches('due_events', events.length, (i) => events[i]);
  const reminded = events.filter((_, i) => i % 10 === 0 && (events[i].remindFrom as string) <= today);
  await insertInBatches('reminder_sends', reminded.length, (i) => ({
    _id: reminded[i]._id,
    dealershipId,
    vehicleId: reminded[i].vehicleId,
    customerId: reminded[i].customerId,
    advisorId: reminded[i].advisorId,
    type: reminded[i].type,
    dueDate: reminded[i].dueDate,
    by: 'run',
    staffId: null,
    channel: 'inbox',
    outcome: 'inbox',
    errcode: null,
    sentAt: now,
    finishedAt: now
  }));
  await insertInBatches('service_records', CUSTOMERS / 2, (i) => ({
    dealershipId,
    vehicleId: vehicle(i * 2),
    customerId: customer(i * 2),
    roNumber: `RO${i}`,
    serviceDate: addDays(today, -Math.floor(random() * 300)),
    type: 'regular_maintenance',
    amountFen: 60_000,
    paid: true,
    createdAt: now,
    updatedAt: now
  }));
  return events.length;
}

async function timed(work: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

const p99 = (sorted: number[]) => sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)];

export async function benchWorkbench(): Promise<BenchRow[]> {
  const rounds = ROUNDS();
  const database = await startBenchDatabase('bench-workbench');
  let server: Server | null = null;
  try {
    const uri = database.uri('bench_workbench');
    await connectDatabase(uri);
    await ensureIndexes();
    const dealership = await makeDealership('工作台基准门店');
    const advisors = await Promise.all(
      Array.from({ length: ADVISORS }, (_, i) => makeStaff('advisor', dealership._id, `顾问${i}`))
    );
    const today = shanghaiDate(new Date());
    const seedStarted = Date.now();
    const eventCount = await seed(
      dealership._id,
      advisors.map((a) => new Types.ObjectId(a.id)),
      today
    );
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    const config = loadConfig({
      NODE_ENV: 'production',
      MONGODB_URI: uri,
      LOG_LEVEL: 'silent',
      H5_DIR: '/nonexistent',
      WECHAT_APPID: 'wx-bench-appid',
      WECHAT_SECRET: 'bench-secret'
    });
    const wechat = new WechatClient({
      baseUrl: 'http://127.0.0.1:9',
      appid: 'x',
      secret: 'x',
      timeoutMs: 1000
    });
    const app = createApp(compose({ config, logger: createLogger('silent'), wechat }));
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const me = advisors[0];
    const get = async (query: string) => {
      const res = await fetch(`http://127.0.0.1:${port}/api/reminders/workbench${query}`, {
        headers: { Authorization: `Bearer ${me.token}` }
      });
      if (res.status !== 200) throw new Error(`workbench answered ${res.status}: ${await res.text()}`);
      return (await res.json()) as { total: number };
    };
    const advisorId = new Types.ObjectId(me.id);
    const raw = () =>
      mongoose.connection
        .db!.collection('due_events')
        .find({ advisorId, current: true, remindFrom: { $lte: today } })
        .toArray();
    const listed = (await get('')).total;
    const rawCount = (await raw()).length;
    await get('?state=due_soon'); // warm-up
    const loadBefore = loadNow();
    const results = await alternate(rounds, {
      raw: () => timed(raw),
      workbench: () => timed(() => get('')),
      byState: () => timed(() => get('?state=due_soon'))
    });
    const p50s = (step: keyof typeof results) => results[step].map((t) => median(t));
    const describe = (step: keyof typeof results) =>
      `${step} p50 ${median(p50s(step)).toFixed(1)} ms, p99 ${median(results[step].map(p99)).toFixed(1)} ms`;
    const ratios = (step: 'workbench' | 'byState') => p50s('raw').map((r, i) => r / p50s(step)[i]);
    const setting =
      `${CUSTOMERS.toLocaleString('en-US')} customers, ${eventCount.toLocaleString('en-US')} due events, the advisor's ` +
      `${Math.ceil(CUSTOMERS / ADVISORS).toLocaleString('en-US')} customers with ${rawCount.toLocaleString('en-US')} open events ` +
      `(${listed.toLocaleString('en-US')} listed; seeded in ${seedSeconds.toFixed(0)} s); ${REQUESTS} sequential requests × ` +
      `${rounds} alternated rounds; ratio = raw p50 / workbench p50, median of per-round ratios; load average ` +
      `${loadBefore} → ${loadNow()}; ${await engineName()}`;
    return [
      perRoundRow(
        'Reminders: advisor workbench (first page) vs raw indexed find of their open due events',
        `${describe('workbench')}; ${describe('raw')}`,
        ratios('workbench'),
        { kind: 'atLeast', value: 0.4 },
        setting
      ),
      perRoundRow(
        'Reminders: workbench filtered by state vs the same raw find',
        describe('byState'),
        ratios('byState'),
        null
      )
    ];
  } finally {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await disconnectDatabase();
    await database.db.stop();
    rmSync(database.dir, { recursive: true, force: true });
  }
}

if (require.main === module) runStandalone(benchWorkbench);
