/**
 * A lottery draw burst: BENCH_LOTTERY_DRAWS (default 5,000) draws by BENCH_LOTTERY_OWNERS
 * (default 500) owners, BENCH_LOTTERY_WIDTH (default 200) in flight at once, through the draw service (participant, request
 * key, limits, entry, sequence, pick, per-owner prize limit, stock unit, award), on three
 * prizes with stock 10 / 50 / 200 (a gift and two points prizes), one free draw a tap, at most
 * 3 draws a day and 2 of a prize per owner. After each round: no prize beyond its stock, no
 * owner beyond a limit, the sequence gapless. Baseline in the same round: the bare unique
 * inserts the draws needed — every claim the round stored (limit, entry, sequence, prize-limit
 * and unit slots), inserted again into a bare collection at once, plus one refused insert per
 * tap beyond the limit, with the same width. Latency p50 / p99 of the draws is reported.
 *
 *   npx tsx tests/bench/lottery.bench.ts     (BENCH_LOTTERY_DRAWS=1000 BENCH_LOTTERY_OWNERS=100 to smoke-test)
 */
import { rmSync } from 'node:fs';
import mongoose, { Types } from 'mongoose';
import { seedCommitment, type CampaignTerms } from '@dealer/shared';
import { clock } from '../../server/src/lib/clock';
import { disconnectDatabase, ensureIndexes } from '../../server/src/lib/db';
import { isDuplicateKeyError } from '../../server/src/lib/errors';
import '../../server/src/composition';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { LotteryCampaign, LotterySeed } from '../../server/src/modules/lottery/campaign.model';
import { draw } from '../../server/src/modules/lottery/draw.service';
import { LotteryClaim, LotteryDraw } from '../../server/src/modules/lottery/draw.model';
import { connectForBench } from './command-profile';
import { profiled } from './cpu-profile';
import {
  engineName,
  envInt,
  loadNow,
  perRoundRow,
  ROUNDS,
  runStandalone,
  spread,
  startBenchDatabase,
  type BenchRow
} from './common';

const DRAWS = envInt('BENCH_LOTTERY_DRAWS', 5_000);
const OWNERS = envInt('BENCH_LOTTERY_OWNERS', 500);
const PER_DAY = 3;
const PER_PRIZE = 2;
const STOCK: Record<string, number> = { gift10: 10, pts50: 50, pts200: 200 };
/** Taps (and bare inserts) in flight at once, like the connections of a busy server. */
const WIDTH = envInt('BENCH_LOTTERY_WIDTH', 200);

/** Runs the tasks with at most WIDTH at once. */
async function inFlight(count: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(WIDTH, count) }, lane));
}

function terms(now: number): CampaignTerms {
  const prize = (id: string, kind: 'gift' | 'points', weight: number) => ({
    id,
    name: id,
    kind,
    valueFen: 1_000,
    weight,
    stock: STOCK[id],
    rewardItemId: null,
    points: kind === 'points' ? 10 : null
  });
  return {
    name: '基准抽奖',
    startsAt: new Date(now - 3_600_000).toISOString(),
    endsAt: new Date(now + 86_400_000).toISOString(),
    audience: { tiers: [], segmentId: null, allBound: true, prospects: false },
    entry: { freePerDay: 10, freePerCampaign: 0, pointsPerDraw: null, earnedBy: [] },
    prizes: [
      prize('gift10', 'gift', 10),
      prize('pts50', 'points', 20),
      prize('pts200', 'points', 40),
      {
        id: 'thanks',
        name: '谢谢参与',
        kind: 'none',
        valueFen: 0,
        weight: 30,
        stock: null,
        rewardItemId: null,
        points: null
      }
    ],
    limits: { perDay: PER_DAY, perCampaign: null, perPrize: PER_PRIZE },
    claimDeadline: new Date(now + 30 * 86_400_000).toISOString(),
    disclosure: {
      organiser: '基准门店',
      contact: '020-0000000',
      drawMethod: '即时抽奖',
      claimMethod: '到店领取',
      delivery: '自提',
      forfeitConditions: '逾期作废',
      showOdds: true
    }
  };
}

/** A published campaign and its owners, written directly (the burst is what is measured). */
async function setUp(): Promise<{ campaignId: string; owners: string[] }> {
  const now = clock.now();
  const dealershipId = new Types.ObjectId();
  const owners = Array.from({ length: OWNERS }, () => new Types.ObjectId());
  await Customer.insertMany(
    owners.map((ownerId, i) => ({
      dealershipId,
      name: `车主${i}`,
      mobile: null,
      mobileKey: `none:${String(ownerId)}`,
      source: 'manual',
      ownerId,
      boundAt: now,
      createdAt: now,
      updatedAt: now
    }))
  );
  const campaignId = new Types.ObjectId();
  const seedHex = new Types.ObjectId().toHexString().padEnd(64, '0');
  const t = terms(now.getTime());
  await LotterySeed.create({ _id: campaignId, seedHex, createdAt: now });
  await LotteryCampaign.create({
    _id: campaignId,
    dealershipId,
    status: 'published',
    terms: t,
    version: 1,
    endsAt: new Date(t.endsAt),
    commitment: seedCommitment(seedHex),
    createdBy: new Types.ObjectId(),
    publishedAt: now,
    createdAt: now,
    updatedAt: now
  });
  return { campaignId: String(campaignId), owners: owners.map(String) };
}

async function burst(campaignId: string, owners: string[]) {
  const latencies: number[] = [];
  let won = 0;
  const started = Date.now();
  await inFlight(DRAWS, async (i) => {
    const t0 = process.hrtime.bigint();
    await draw(owners[i % owners.length], campaignId, `bench-${i}`).then(
      () => void won++,
      () => undefined
    );
    latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
  });
  const ms = Date.now() - started;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { ms, won, p50: at(0.5), p99: at(0.99) };
}

/** Zero oversell and exact limits, read from what the round stored. */
async function verify(campaignId: string, won: number): Promise<void> {
  const done = await LotteryDraw.find({ campaignId: new Types.ObjectId(campaignId), state: 'done' }).lean();
  if (done.length !== won) throw new Error(`${won} answered draws, ${done.length} stored`);
  const seqs = done.map((d) => d.seq ?? 0).sort((a, b) => a - b);
  if (seqs.some((s, i) => s !== i + 1)) throw new Error('the sequence has a gap');
  const count = (key: (d: (typeof done)[number]) => string) =>
    done.reduce((m, d) => m.set(key(d), (m.get(key(d)) ?? 0) + 1), new Map<string, number>());
  for (const [prize, n] of count((d) => d.awarded ?? ''))
    if (prize in STOCK && n > STOCK[prize]) throw new Error(`${prize} oversold: ${n}`);
  for (const [, n] of count((d) => `${String(d.customerId)}:${d.day}`))
    if (n > PER_DAY) throw new Error(`an owner drew ${n} times in a day`);
  for (const [key, n] of count((d) => `${String(d.customerId)}:${d.awarded}`))
    if (!key.endsWith(':thanks') && n > PER_PRIZE) throw new Error(`an owner won ${n} of a prize`);
}

/** The same claims as bare inserts, all at once, plus one refused insert per tap beyond the limit. */
async function bareClaims(campaignId: string, refusals: number) {
  const ids = (
    await LotteryClaim.find({ campaignId: new Types.ObjectId(campaignId) }, { _id: 1 }).lean()
  ).map((c) => String(c._id));
  const bare = mongoose.connection.collection(`bench_lottery_claims_${campaignId}`);
  const insert = (id: string) =>
    bare.insertOne({ _id: id as unknown as Types.ObjectId, at: new Date() }).catch((err: unknown) => {
      if (!isDuplicateKeyError(err)) throw err;
    });
  const all = [...ids, ...Array.from({ length: refusals }, (_, i) => ids[i % ids.length])];
  const started = Date.now();
  await inFlight(all.length, async (i) => void (await insert(all[i])));
  return { ms: Date.now() - started, claims: ids.length };
}

export async function benchLottery(): Promise<BenchRow[]> {
  const rounds = ROUNDS();
  const database = await startBenchDatabase('bench-lottery');
  try {
    const profile = await connectForBench(database.uri('bench_lottery'));
    await mongoose.connection.db?.dropDatabase();
    await ensureIndexes();
    const engine = await engineName();
    const loadBefore = loadNow();
    const draws: Array<Awaited<ReturnType<typeof burst>>> = [];
    const bare: Array<Awaited<ReturnType<typeof bareClaims>>> = [];
    for (let round = 0; round < rounds; round++) {
      const { campaignId, owners } = await setUp();
      const d = await profiled('lottery-burst', () => burst(campaignId, owners));
      await verify(campaignId, d.won);
      // The baseline replays this round's claims, so it runs after the draws.
      const b = await bareClaims(campaignId, DRAWS - d.won);
      draws.push(d);
      bare.push(b);
      process.stderr.write(
        `  round ${round + 1}: draws ${(d.ms / 1000).toFixed(1)} s (${d.won} won, p99 ${d.p99.toFixed(0)} ms); bare ${b.claims} claims + ${DRAWS - d.won} refused ${(b.ms / 1000).toFixed(1)} s\n`
      );
    }
    if (profile) process.stderr.write(`${profile.report()}\n`);
    const perSecond = (ms: number) => (DRAWS / ms) * 1000;
    return [
      perRoundRow(
        'Lottery draw burst, throughput vs the bare unique-insert claims the draws need',
        `draws ${spread(draws.map((d) => perSecond(d.ms)))} taps/s (${draws.map((d) => d.won).join(', ')} drawn, the rest over the limit; zero oversell, limits exact, gapless sequence); p50 ${spread(draws.map((d) => d.p50))} ms, p99 ${spread(draws.map((d) => d.p99))} ms; bare claims ${spread(bare.map((b) => perSecond(b.ms)))} taps/s`,
        draws.map((d, i) => bare[i].ms / d.ms),
        { kind: 'atLeast', value: 0.5 },
        `${DRAWS.toLocaleString('en-US')} draws by ${OWNERS} owners, ${WIDTH} in flight, stock 10/50/200, ${PER_DAY} a day, ${PER_PRIZE} a prize; load average ${loadBefore} → ${loadNow()}; ${engine}`
      )
    ];
  } finally {
    await disconnectDatabase();
    await database.db.stop();
    rmSync(database.dir, { recursive: true, force: true });
  }
}

if (require.main === module) runStandalone(benchLottery);
