/**
 * Care dispatch throughput: BENCH_DISPATCH_N birthday greetings (default 100,000) through
 * the real daily job — audience cursor, dispatch records, inbox notices, send claims,
 * consent spends, statuses — to the WeChat sandbox limited to 500 sends/s, the sender paced
 * at 500/s. Goal: achieved sends per second (whole run, planning included) ≥ 0.8 × 500.
 * Same-run baseline: BENCH_DISPATCH_RAW sends (default 10,000) straight through the WeChat
 * client at the same pace with no database, before and after each dispatch round (its
 * median is what the sandbox and this machine allow right now). BENCH_DISPATCH_ROUNDS
 * dispatch rounds (default 1: a 100,000 round takes minutes), each on freshly seeded data.
 * RSS of the benchmark, the database and the sandbox sampled each second: flat is the goal.
 *
 *   npx tsx tests/bench/dispatch.bench.ts     (BENCH_DISPATCH_N=3000 BENCH_DISPATCH_RAW=1000 to smoke-test)
 */
import mongoose from 'mongoose';
import { rmSync } from 'node:fs';
import { loadConfig } from '../../server/src/config';
import { disconnectDatabase, ensureIndexes } from '../../server/src/lib/db';
import { createLogger } from '../../server/src/lib/logger';
import { clock } from '../../server/src/lib/clock';
import { op } from '../../server/src/lib/query';
import { WechatClient } from '../../server/src/lib/wechat/client';
import { runJobNow } from '../../server/src/lib/jobs';
import { compose } from '../../server/src/composition';
import { makeDealership } from '../support/factories';
import { CareRule } from '../../server/src/modules/care/care-rule.model';
import { ensureCareSetup } from '../../server/src/modules/care/rules/care-settings.service';
import { connectForBench } from './command-profile';
import {
  cpuText,
  engineName,
  envInt,
  loadNow,
  measureCpu,
  median,
  MemorySampler,
  runStandalone,
  spread,
  startBenchDatabase,
  type BenchRow
} from './common';
import {
  APPID,
  grantInSandbox,
  rawSends,
  SECRET,
  seedBirthdays,
  SEND_LIMIT,
  startSandbox
} from './dispatch.fixtures';

const step = (what: string) => process.stderr.write(`  [dispatch] ${what}\n`);

export async function benchDispatch(): Promise<BenchRow[]> {
  const n = envInt('BENCH_DISPATCH_N', 100_000);
  const rawN = envInt('BENCH_DISPATCH_RAW', 10_000);
  const rounds = envInt('BENCH_DISPATCH_ROUNDS', 1);
  const database = await startBenchDatabase('bench-dispatch');
  const sandbox = await startSandbox();
  try {
    const uri = database.uri('bench_dispatch');
    const profile = await connectForBench(uri);
    const engine = await engineName();
    const config = loadConfig({
      MONGODB_URI: uri,
      LOG_LEVEL: 'warn',
      WECHAT_API_BASE: sandbox.url,
      WECHAT_APPID: APPID,
      WECHAT_SECRET: SECRET,
      CARE_SEND_RATE: String(SEND_LIMIT)
    });
    const logger = createLogger(config.LOG_LEVEL);
    const wechat = new WechatClient({
      baseUrl: sandbox.url,
      appid: APPID,
      secret: SECRET,
      timeoutMs: config.WECHAT_TIMEOUT_MS
    });
    const processes = { bench: process.pid, database: database.pid, sandbox: sandbox.child.pid ?? null };
    let rawBatch = 0;
    const raw = async () => {
      const openids = Array.from({ length: rawN }, (_, i) => `o-raw${rawBatch}-${i}`);
      rawBatch += 1;
      await grantInSandbox(sandbox.url, openids);
      const result = await rawSends(wechat, openids);
      step(`raw sends: ${rawN} in ${(result.ms / 1000).toFixed(1)} s`);
      return rawN / (result.ms / 1000);
    };
    const loadBefore = loadNow();
    const rawRates = [await raw()];
    const runs = [];
    for (let round = 0; round < rounds; round++) {
      await mongoose.connection.db!.dropDatabase();
      await ensureIndexes();
      const dealership = await makeDealership('派发基准门店');
      await ensureCareSetup(dealership._id);
      await CareRule.updateMany(
        { dealershipId: dealership._id, seedKey: op.ne('default:birthday') },
        { $set: { enabled: false } }
      );
      const seedStarted = Date.now();
      const openids = await seedBirthdays(dealership._id, n, `r${round}`);
      await grantInSandbox(sandbox.url, openids);
      const seedSeconds = (Date.now() - seedStarted) / 1000;
      step(`round ${round + 1}/${rounds}: seeded and granted ${n} in ${seedSeconds.toFixed(0)} s`);
      const offset = new Date('2025-05-20T10:00:00+08:00').getTime() - Date.now();
      clock.set(() => new Date(Date.now() + offset));
      const memory = new MemorySampler(processes, 1_000);
      let lastLog = 0;
      const onProgress = (_p: unknown, counts: Readonly<Record<string, number>>) => {
        if (Date.now() - lastLog < 10_000) return;
        lastLog = Date.now();
        step(`counts ${JSON.stringify(counts)}`);
      };
      const {
        value: result,
        ms,
        cpu
      } = await measureCpu(processes, () =>
        runJobNow('care-daily', {
          deps: compose({ config, logger, wechat }).deps,
          date: '2025-05-20',
          options: { dealership: String(dealership._id) },
          onProgress
        })
      );
      memory.stop();
      clock.set(null);
      const sent = result.counts.sent ?? 0;
      if (result.status !== 'succeeded' || sent !== n)
        throw new Error(`run ${result.status}: ${JSON.stringify(result.counts)}`);
      runs.push({
        rate: sent / (ms / 1000),
        ms,
        retries: result.counts.retries ?? 0,
        cpu,
        memory,
        seedSeconds
      });
      rawRates.push(await raw());
    }
    if (profile) process.stderr.write(`${profile.report()}\n`);
    const received = (await (
      await fetch(`${sandbox.url}/__sandbox/messages?template_id=TPL_BIRTHDAY`)
    ).json()) as { messages: unknown[] };
    const expected = n * rounds + rawN * rawRates.length;
    if (received.messages.length !== expected)
      throw new Error(`sandbox received ${received.messages.length} of ${expected}`);
    const rates = runs.map((r) => r.rate);
    const rawRate = median(rawRates);
    const figures =
      `${n.toLocaleString('en-US')} greetings: ${spread(rates)}/s (${spread(
        runs.map((r) => r.ms / 1000),
        1,
        ' s'
      )}, retries ${runs.map((r) => r.retries).join('/')}); ` +
      `raw paced sends without the database ${rawRates.map((r) => r.toFixed(0)).join(' / ')}/s (median ${rawRate.toFixed(0)}; ${rawN.toLocaleString('en-US')} each, before and after each round), ` +
      `so ${(median(rates) / rawRate).toFixed(2)} of what the sandbox allowed; CPU: ${cpuText(runs[0].cpu)}; ` +
      `RSS peaks ${runs[0].memory.peaks()}, bench at 25/50/75/100 %: ${runs[0].memory.quarters()}; ` +
      `seeding ${runs[0].seedSeconds.toFixed(0)} s; ${rounds} round(s); load average ${loadBefore} → ${loadNow()}; ${engine}`;
    return [
      {
        name: `Care dispatch (${n.toLocaleString('en-US')} greetings) vs the ${SEND_LIMIT}/s limit`,
        figures,
        ratio: median(rates) / SEND_LIMIT,
        goal: { kind: 'atLeast', value: 0.8 }
      }
    ];
  } finally {
    clock.set(null);
    await disconnectDatabase().catch(() => undefined);
    sandbox.child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 1000));
    await database.db.stop();
    rmSync(database.dir, { recursive: true, force: true });
  }
}

if (require.main === module) runStandalone(benchDispatch);
