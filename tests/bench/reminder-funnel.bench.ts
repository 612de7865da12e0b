/**
 * The reminder funnel of one month (GET /api/reminders/funnel's service) vs the bare driver
 * reading the same documents with the same filters: the month's maintenance due events, their
 * reminder records by id, and their vehicles' bookings and maintenance records by vehicle id
 * (`$in` batches of 500) — the least database work the funnel needs. The two alternate over
 * BENCH_ROUNDS rounds; the ratio is the median of per-round ratios.
 * Size: BENCH_FUNNEL_VEHICLES (default 20,000 vehicles, one due event each) and
 * BENCH_FUNNEL_RECORDS (default 200,000 repair orders).
 *   npx tsx tests/bench/reminder-funnel.bench.ts   (BENCH_FUNNEL_VEHICLES=2000 BENCH_FUNNEL_RECORDS=20000 to smoke-test)
 */
import mongoose, { Types } from 'mongoose';
import { rmSync } from 'node:fs';
import { connectDatabase, disconnectDatabase, ensureIndexes } from '../../server/src/lib/db';
import { reminderFunnel } from '../../server/src/modules/reminders/reminder-funnel.service';
import { makeDealership } from '../support/factories';
import {
  alternate,
  cpuText,
  engineName,
  envInt,
  loadNow,
  measureCpu,
  perRoundRow,
  ROUNDS,
  runStandalone,
  seededRandom,
  spread,
  startBenchDatabase,
  type BenchRow
} from './common';

const VEHICLES = envInt('BENCH_FUNNEL_VEHICLES', 20_000);
const RECORDS = envInt('BENCH_FUNNEL_RECORDS', 200_000);
const BATCH = 5000;
const IN_BATCH = 500;
const MONTH = '2025-03';
const TYPES = ['first_maintenance', 'regular_maintenance', 'general_repair', 'accident', 'warranty', 'other'];
const MAINTENANCE = ['first_maintenance', 'regular_maintenance'];
const day = (d: number) => `${MONTH}-${String(d).padStart(2, '0')}`;

const collection = (name: string) => mongoose.connection.db!.collection(name);

async function insertInBatches(name: string, count: number, make: (i: number) => Record<string, unknown>) {
  for (let i = 0; i < count; i += BATCH) {
    const docs = [];
    for (let j = i; j < Math.min(count, i + BATCH); j++) docs.push(make(j));
    await collection(name).insertMany(docs, { ordered: false });
  }
}

/** One due event per vehicle in March 2025: 10 % control, 80 % of the rest reminded, 25 % booked. */
async function seed(dealershipId: Types.ObjectId): Promise<void> {
  const random = seededRandom(8);
  const vehicleIds = Array.from({ length: VEHICLES }, () => new Types.ObjectId());
  const customerIds = Array.from({ length: VEHICLES }, () => new Types.ObjectId());
  const eventId = (i: number) =>
    `${vehicleIds[i]}:regular_maintenance:2024-09-${String((i % 28) + 1).padStart(2, '0')}`;
  const now = new Date();
  await insertInBatches('due_events', VEHICLES, (i) => ({
    _id: eventId(i),
    dealershipId,
    vehicleId: vehicleIds[i],
    customerId: customerIds[i],
    advisorId: null,
    tier: null,
    customerName: `客户${i}`,
    plate: null,
    vehicleTitle: '',
    type: 'regular_maintenance',
    occurrence: `2024-09-${String((i % 28) + 1).padStart(2, '0')}`,
    dueDate: day((i % 28) + 1),
    dueMileage: null,
    basis: 'time',
    status: 'overdue',
    remindFrom: `2025-02-${String((i % 28) + 1).padStart(2, '0')}`,
    explanation: '',
    controlGroup: i % 10 === 0,
    current: i % 3 !== 0,
    computedOn: '2025-04-20',
    updatedAt: now
  }));
  const reminded = vehicleIds.map((_, i) => i).filter((i) => i % 10 !== 0 && i % 5 !== 1);
  await insertInBatches('reminder_sends', reminded.length, (k) => {
    const i = reminded[k];
    return {
      _id: eventId(i),
      dealershipId,
      vehicleId: vehicleIds[i],
      customerId: customerIds[i],
      advisorId: null,
      type: 'regular_maintenance',
      dueDate: day((i % 28) + 1),
      by: 'run',
      staffId: null,
      channel: 'subscribe',
      outcome: 'sent',
      errcode: null,
      sentAt: now
    };
  });
  const booked = reminded.filter((i) => i % 4 === 0);
  await insertInBatches('bookings', booked.length, (k) => {
    const i = booked[k];
    return {
      dealershipId,
      customerId: customerIds[i],
      customerName: `客户${i}`,
      vehicleId: vehicleIds[i],
      bookedBy: 'owner',
      serviceType: 'regular_maintenance',
      day: day((i % 28) + 1),
      blockId: '0830-1000',
      startsAt: new Date(`${day((i % 28) + 1)}T08:30:00+08:00`),
      status: i % 8 === 0 ? 'arrived' : 'booked',
      version: 1,
      checkInCode: `C${i}`,
      createdAt: new Date(`${day(Math.max(1, (i % 28) - 3))}T10:00:00+08:00`),
      updatedAt: now
    };
  });
  const start = Date.UTC(2023, 0, 1);
  const span = Date.UTC(2025, 3, 20) - start;
  await insertInBatches('service_records', RECORDS, (i) => {
    const v = Math.floor(random() * VEHICLES);
    return {
      dealershipId,
      vehicleId: vehicleIds[v],
      customerId: customerIds[v],
      roNumber: `RO${i}`,
      serviceDate: new Date(start + Math.floor(random() * span)).toISOString().slice(0, 10),
      type: TYPES[i % TYPES.length],
      amountFen: 50_000,
      paid: i % 5 !== 0,
      createdAt: now,
      updatedAt: now
    };
  });
}

/** The funnel's reads with the bare driver, same filters and projections; returns documents read. */
async function rawReads(dealershipId: Types.ObjectId): Promise<number> {
  const events = await collection('due_events')
    .find(
      {
        dealershipId,
        current: { $in: [true, false] },
        remindFrom: { $lte: day(31) },
        dueDate: { $gte: day(1), $lte: day(31) },
        type: { $in: MAINTENANCE }
      },
      {
        projection: { vehicleId: 1, advisorId: 1, occurrence: 1, dueDate: 1, remindFrom: 1, controlGroup: 1 }
      }
    )
    .toArray();
  let read = events.length;
  const ids = events.filter((e) => !e.controlGroup).map((e) => e._id as unknown as string);
  const vehicles = [...new Set(events.map((e) => String(e.vehicleId)))].map((id) => new Types.ObjectId(id));
  const chunks = <T>(list: T[]) =>
    Array.from({ length: Math.ceil(list.length / IN_BATCH) }, (_, k) =>
      list.slice(k * IN_BATCH, (k + 1) * IN_BATCH)
    );
  for (const batch of chunks(ids))
    read += (
      await collection('reminder_sends')
        .find(
          { _id: { $in: batch as never[] }, outcome: { $in: ['sent', 'inbox'] } },
          { projection: { _id: 1 } }
        )
        .toArray()
    ).length;
  for (const batch of chunks(vehicles)) {
    read += (
      await collection('bookings')
        .find(
          { vehicleId: { $in: batch }, dealershipId },
          { projection: { vehicleId: 1, createdAt: 1, status: 1 } }
        )
        .toArray()
    ).length;
    read += (
      await collection('service_records')
        .find(
          { vehicleId: { $in: batch }, dealershipId, type: { $in: MAINTENANCE } },
          { projection: { vehicleId: 1, serviceDate: 1, paid: 1 } }
        )
        .toArray()
    ).length;
  }
  return read;
}

export async function benchReminderFunnel(): Promise<BenchRow[]> {
  const rounds = ROUNDS();
  const database = await startBenchDatabase('bench-funnel');
  try {
    await connectDatabase(database.uri('bench_funnel'));
    await ensureIndexes();
    const dealership = await makeDealership('提醒漏斗基准门店');
    const seedStarted = Date.now();
    await seed(dealership._id);
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    const processes = { bench: process.pid, database: database.pid };
    const loadBefore = loadNow();
    let documents = 0;
    let due = 0;
    const results = await alternate(rounds, {
      raw: () =>
        measureCpu(processes, async () => {
          documents = await rawReads(dealership._id);
        }),
      funnel: () =>
        measureCpu(processes, async () => {
          const result = await reminderFunnel({
            dealershipId: String(dealership._id),
            from: day(1),
            to: day(31)
          });
          due = result.funnel.due + result.control.due;
        })
    });
    const ratios = results.funnel.map((r, i) => r.ms / results.raw[i].ms);
    const describe = (step: 'raw' | 'funnel') =>
      `${step} ${spread(
        results[step].map((r) => r.ms / 1000),
        2,
        ' s'
      )} (CPU ${cpuText(results[step][0].cpu)})`;
    return [
      perRoundRow(
        'Reminder funnel: one month vs the same reads with the bare driver',
        `${describe('funnel')}; ${describe('raw')}`,
        ratios,
        { kind: 'atMost', value: 1.5 },
        `${VEHICLES.toLocaleString('en-US')} due events (${due.toLocaleString('en-US')} in the cohort), ` +
          `${RECORDS.toLocaleString('en-US')} repair orders, ${documents.toLocaleString('en-US')} documents read per request ` +
          `(seeded in ${seedSeconds.toFixed(0)} s); ${rounds} alternated rounds; ` +
          `load average ${loadBefore} → ${loadNow()}; ${await engineName()}`
      )
    ];
  } finally {
    await disconnectDatabase();
    await database.db.stop();
    rmSync(database.dir, { recursive: true, force: true });
  }
}

if (require.main === module) runStandalone(benchReminderFunnel);
