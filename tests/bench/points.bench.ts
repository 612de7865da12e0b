/**
 * The points ledger under a burst: BENCH_POINTS_OPS (default 10,000) earn / spend operations
 * started at once over BENCH_POINTS_ACCOUNTS (default 100) accounts (55 % credits of 10, 45 %
 * debits of 15, so spends are refused when an account runs dry), through `post` — the account
 * lane, lots, balance-after, the hints. Baseline in the same run: the bare sequence claims the
 * same operations need, `insertOne({_id: '<account>:<seq>'})` per operation in the same
 * per-account order, nothing else. Fresh accounts every round; steps alternate. After each
 * ledger round: no entry below zero, and every account's balance = sum of its entries.
 * Second row: the balance read (`readHead`) on an account of BENCH_POINTS_LONG (default
 * 2,000) entries against one of 10 entries, median of 200 reads each: it must not grow with
 * the ledger.
 *
 *   npx tsx tests/bench/points.bench.ts     (BENCH_POINTS_OPS=2000 to smoke-test)
 */
import { rmSync } from 'node:fs';
import mongoose, { Types } from 'mongoose';
import { disconnectDatabase, ensureIndexes } from '../../server/src/lib/db';
import { isDuplicateKeyError } from '../../server/src/lib/errors';
import { op } from '../../server/src/lib/query';
import '../../server/src/composition';
import { post } from '../../server/src/modules/points/ledger-lane';
import { readHead, type AccountRef } from '../../server/src/modules/points/points-ledger';
import { PointsEntry } from '../../server/src/modules/points/points-ledger.model';
import { connectForBench } from './command-profile';
import {
  engineName,
  envInt,
  loadNow,
  median,
  perRoundRow,
  ROUNDS,
  runStandalone,
  seededRandom,
  spread,
  startBenchDatabase,
  type BenchRow
} from './common';

const OPS = envInt('BENCH_POINTS_OPS', 10_000);
const ACCOUNTS = envInt('BENCH_POINTS_ACCOUNTS', 100);
const LONG = envInt('BENCH_POINTS_LONG', 2_000);
const READS = 200;

interface Plan {
  refs: AccountRef[];
  ops: Array<{ account: number; credit: boolean }>;
}

function plan(dealershipId: string, seed: number): Plan {
  const random = seededRandom(seed);
  const refs = Array.from({ length: ACCOUNTS }, () => ({
    accountId: String(new Types.ObjectId()),
    dealershipId
  }));
  const ops = Array.from({ length: OPS }, (_, i) => ({ account: i % ACCOUNTS, credit: random() < 0.55 }));
  return { refs, ops };
}

async function ledgerBurst(p: Plan) {
  const started = Date.now();
  const results = await Promise.allSettled(
    p.ops.map((o) =>
      post(p.refs[o.account], {
        kind: o.credit ? 'earn' : 'spend',
        source: o.credit ? 'manual' : 'redemption',
        reason: o.credit ? '基准入账' : '基准兑换',
        change: o.credit
          ? { type: 'credit', points: 10, expiresOn: '2099-12-31' }
          : { type: 'debit', points: 15 }
      })
    )
  );
  const ms = Date.now() - started;
  const refused = results.filter((r) => r.status === 'rejected').length;
  return { ms, refused };
}

async function verify(p: Plan): Promise<void> {
  const accountIds = p.refs.map((r) => new Types.ObjectId(r.accountId));
  const negative = await PointsEntry.countDocuments({ accountId: op.in(accountIds), balanceAfter: op.lt(0) });
  if (negative > 0) throw new Error(`${negative} entries below zero`);
  const sums = await PointsEntry.aggregate<{ _id: Types.ObjectId; sum: number }>([
    { $match: { accountId: { $in: accountIds } } },
    { $group: { _id: '$accountId', sum: { $sum: '$delta' } } }
  ]);
  const sumOf = new Map(sums.map((s) => [String(s._id), s.sum]));
  for (const ref of p.refs) {
    const head = await readHead(ref);
    if (head.balance !== (sumOf.get(ref.accountId) ?? 0) || head.balance < 0)
      throw new Error(
        `account ${ref.accountId}: balance ${head.balance}, entries ${sumOf.get(ref.accountId)}`
      );
  }
}

/** The same operations as bare sequence claims: one insert each, in per-account order, retried on a taken number. */
async function bareClaims(p: Plan) {
  const claims = mongoose.connection.collection('bench_sequence_claims');
  const next = new Map<number, number>();
  const lanes = new Map<number, Promise<unknown>>();
  const claim = async (account: number, delta: number) => {
    for (;;) {
      const seq = (next.get(account) ?? 0) + 1;
      next.set(account, seq);
      try {
        await claims.insertOne({
          _id: `${p.refs[account].accountId}:${seq}` as unknown as Types.ObjectId,
          delta
        });
        return;
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
    }
  };
  const started = Date.now();
  await Promise.all(
    p.ops.map((o) => {
      const run = (lanes.get(o.account) ?? Promise.resolve()).then(() =>
        claim(o.account, o.credit ? 10 : -15)
      );
      lanes.set(o.account, run);
      return run;
    })
  );
  return { ms: Date.now() - started };
}

async function medianRead(ref: AccountRef): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < READS; i++) {
    const started = process.hrtime.bigint();
    await readHead(ref);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(times);
}

async function fill(ref: AccountRef, entries: number): Promise<void> {
  for (let i = 0; i < entries; i++)
    await post(ref, {
      kind: 'earn',
      source: 'manual',
      reason: '基准',
      change: { type: 'credit', points: 1, expiresOn: null }
    });
}

export async function benchPoints(): Promise<BenchRow[]> {
  const rounds = ROUNDS();
  const database = await startBenchDatabase('bench-points');
  try {
    const profile = await connectForBench(database.uri('bench_points'));
    await mongoose.connection.db?.dropDatabase();
    await ensureIndexes();
    const engine = await engineName();
    const dealershipId = String(new Types.ObjectId());
    const loadBefore = loadNow();
    const ledger: Array<{ ms: number; refused: number }> = [];
    const bare: Array<{ ms: number }> = [];
    for (let round = 0; round < rounds; round++) {
      const p = plan(dealershipId, 7 + round);
      const steps = [
        async () => {
          const r = await ledgerBurst(p);
          await verify(p);
          ledger.push(r);
          process.stderr.write(
            `  round ${round + 1}: ledger ${(r.ms / 1000).toFixed(1)} s (${r.refused} spends refused)\n`
          );
        },
        async () => {
          const r = await bareClaims(p);
          bare.push(r);
          process.stderr.write(`  round ${round + 1}: bare claims ${(r.ms / 1000).toFixed(1)} s\n`);
        }
      ];
      for (const step of round % 2 ? steps.reverse() : steps) await step();
    }
    const ratios = ledger.map((l, i) => bare[i].ms / l.ms);
    const opsPerSecond = (ms: number) => (OPS / ms) * 1000;

    const short = { accountId: String(new Types.ObjectId()), dealershipId };
    const long = { accountId: String(new Types.ObjectId()), dealershipId };
    await fill(short, 10);
    await fill(long, LONG);
    const shortMs = await medianRead(short);
    const longMs = await medianRead(long);
    if (profile) process.stderr.write(`${profile.report()}\n`);
    const setting = `${OPS.toLocaleString('en-US')} operations over ${ACCOUNTS} accounts; load average ${loadBefore} → ${loadNow()}; ${engine}`;
    return [
      perRoundRow(
        'Points ledger burst (earn/spend), throughput vs bare sequence-claim inserts',
        `ledger ${spread(ledger.map((l) => opsPerSecond(l.ms)))} ops/s (refused spends ${ledger.map((l) => l.refused).join(', ')}; zero entries below 0, every balance = sum of entries); bare claims ${spread(bare.map((b) => opsPerSecond(b.ms)))} ops/s`,
        ratios,
        { kind: 'atLeast', value: 0.5 },
        setting
      ),
      {
        name: `Points balance read, ${LONG.toLocaleString('en-US')}-entry account vs 10-entry account`,
        figures: `median of ${READS} reads: ${longMs.toFixed(2)} ms vs ${shortMs.toFixed(2)} ms; ${engine}`,
        ratio: longMs / shortMs,
        goal: { kind: 'atMost', value: 1.5 }
      }
    ];
  } finally {
    await disconnectDatabase();
    await database.db.stop();
    rmSync(database.dir, { recursive: true, force: true });
  }
}

if (require.main === module) runStandalone(benchPoints);
