/**
 * Care dispatch throughput: 100,000 birthday greetings (BENCH_DISPATCH_N) through the real
 * daily job — audience cursor, dispatch records, inbox notices, send claims, consent
 * spends, statuses — to the WeChat sandbox limited to 500 sends/s, with the sender paced at
 * 500/s. Ratio = achieved sends per second / 500 (goal ≥ 0.8). RSS is sampled each second:
 * memory should stay flat however many greetings there are.
 *
 * The sandbox runs in a child process (its message log would otherwise count in our RSS);
 * the database is a fresh local one (embedded FerretDB unless MONGODB_URI / mongod).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { writeFileSync } from 'node:fs';
import mongoose, { Types } from 'mongoose';
import { startLocalDatabase } from '../../scripts/db/launcher';
import { DEFAULT_CARE_TEMPLATES } from '@dealer/shared';
import { loadConfig } from '../../server/src/config';
import { connectDatabase, describeEngine, disconnectDatabase, ensureIndexes } from '../../server/src/lib/db';
import { createLogger } from '../../server/src/lib/logger';
import { clock } from '../../server/src/lib/clock';
import { op } from '../../server/src/lib/query';
import { WechatClient } from '../../server/src/lib/wechat/client';
import { insertManyUnique, runJobNow } from '../../server/src/lib/jobs';
import { compose } from '../../server/src/composition';
import { makeDealership } from '../support/factories';
import { CareRule } from '../../server/src/modules/care/care-rule.model';
import { ensureCareSetup } from '../../server/src/modules/care/rules/care-settings.service';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { Owner } from '../../server/src/modules/owners/owner.model';
import { SubscriptionGrant } from '../../server/src/modules/subscriptions/subscription.model';
import type { BenchRow } from './archive-read.bench';

const N = Number(process.env.BENCH_DISPATCH_N ?? 100_000);
const LIMIT = 500;
const APPID = 'wx-bench-appid';
const SECRET = 'bench-secret';

async function startSandbox(): Promise<{ url: string; child: ChildProcess }> {
  const config = join(mkdtempSync(join(tmpdir(), 'bench-sandbox-')), 'sandbox.json');
  writeFileSync(
    config,
    JSON.stringify({
      templates: Object.fromEntries(DEFAULT_CARE_TEMPLATES.map((t) => [t.templateId, t.keywords])),
      maxCallLog: 1000
    })
  );
  const child = spawn(
    process.execPath,
    [
      ...(process.env.SANDBOX_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/sbprof'] : []),
      '--import',
      'tsx',
      resolve(__dirname, '../../scripts/wechat-sandbox/run.ts'),
      '--port',
      '0',
      '--rate',
      String(LIMIT),
      '--appid',
      APPID,
      '--secret',
      SECRET,
      '--config',
      config
    ],
    {
      stdio: ['ignore', 'ignore', 'pipe']
    }
  );
  const url = await new Promise<string>((res, rej) => {
    createInterface({ input: child.stderr! }).on('line', (line) => {
      const m = /(http:\/\/[\d.:]+)/.exec(line);
      if (m) res(m[1]);
    });
    child.once('exit', (code) => rej(new Error(`sandbox exited ${code}`)));
  });
  return { url, child };
}

/** WeChat's side of the accepts: one quota per owner, granted through the control API. */
async function grantInSandbox(url: string, openids: string[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < openids.length) {
      const openid = openids[next++];
      const res = await fetch(`${url}/__sandbox/subscribe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ openid, templateIds: ['TPL_BIRTHDAY'] })
      });
      if (!res.ok) throw new Error(`grant failed: ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
}

/** 100k bound customers with a birthday on 20 May, marketing consent and one accepted template. */
async function seed(dealershipId: Types.ObjectId): Promise<string[]> {
  const now = new Date();
  const openids: string[] = [];
  for (let start = 0; start < N; start += 5_000) {
    const owners = [];
    const customers = [];
    const grants = [];
    for (let i = start; i < Math.min(N, start + 5_000); i++) {
      const ownerId = new Types.ObjectId();
      const customerId = new Types.ObjectId();
      const openid = `o-bench-${i}`;
      openids.push(openid);
      owners.push({
        _id: ownerId,
        openid,
        unionid: null,
        sessionKey: 'x',
        mobile: null,
        mobileVerifiedAt: null,
        createdAt: now,
        lastLoginAt: now
      });
      customers.push({
        _id: customerId,
        dealershipId,
        name: `客户${i}`,
        mobile: null,
        mobileKey: `none:${customerId}`,
        source: 'dms_import',
        tags: [],
        birthday: {
          calendar: 'solar',
          date: '1985-05-20',
          lunarMonth: null,
          lunarDay: null,
          lunarLeapMonth: false
        },
        birthdayKey: 'S:05-20',
        consent: { marketing: true, updatedAt: now },
        ownerId,
        boundAt: now,
        advisorId: null,
        tier: 'C',
        createdAt: now,
        updatedAt: now
      });
      grants.push({
        _id: `${ownerId}:TPL_BIRTHDAY:1`,
        ownerId,
        templateId: 'TPL_BIRTHDAY',
        n: 1,
        requestKey: `none:${ownerId}:TPL_BIRTHDAY:1`,
        grantedAt: now
      });
    }
    await Owner.collection.insertMany(owners);
    await Customer.collection.insertMany(customers);
    await insertManyUnique(SubscriptionGrant, grants);
  }
  return openids;
}

export async function benchDispatch(): Promise<BenchRow> {
  const db = await startLocalDatabase({ dataDir: mkdtempSync(join(tmpdir(), 'bench-dispatch-db-')) });
  const sandbox = await startSandbox();
  try {
    const uri = `${db.uri.replace(/\/$/, '')}/bench_dispatch`;
    await connectDatabase(uri);
    await ensureIndexes();
    const dbTime = new Map<string, { n: number; ms: number }>();
    if (process.env.BENCH_PROFILE_DB) {
      await mongoose.disconnect();
      await mongoose.connect(uri, { monitorCommands: true, autoIndex: false });
      const started = new Map<number, string>();
      const client = mongoose.connection.getClient();
      client.on('commandStarted', (e) =>
        started.set(
          e.requestId,
          `${e.commandName} ${String((e.command as Record<string, unknown>)[e.commandName])}`
        )
      );
      client.on('commandSucceeded', (e) => {
        const key = started.get(e.requestId) ?? e.commandName;
        started.delete(e.requestId);
        const v = dbTime.get(key) ?? { n: 0, ms: 0 };
        v.n++;
        v.ms += e.duration;
        dbTime.set(key, v);
      });
    }
    const engine = await describeEngine();
    const dealership = await makeDealership('派发基准门店');
    await ensureCareSetup(dealership._id);
    await CareRule.updateMany(
      { dealershipId: dealership._id, seedKey: op.ne('default:birthday') },
      { $set: { enabled: false } }
    );
    const seedStart = Date.now();
    const step = (what: string) =>
      console.error(`[dispatch bench] ${what} (${((Date.now() - seedStart) / 1000).toFixed(0)} s)`);
    const openids = await seed(dealership._id);
    step(`seeded ${N} customers`);
    await grantInSandbox(sandbox.url, openids);
    step('granted in the sandbox');
    const seedSeconds = (Date.now() - seedStart) / 1000;

    const config = loadConfig({
      MONGODB_URI: uri,
      LOG_LEVEL: 'warn',
      WECHAT_API_BASE: sandbox.url,
      WECHAT_APPID: APPID,
      WECHAT_SECRET: SECRET,
      CARE_SEND_RATE: String(LIMIT)
    });
    const logger = createLogger(config.LOG_LEVEL);
    const wechat = new WechatClient({
      baseUrl: sandbox.url,
      appid: APPID,
      secret: SECRET,
      timeoutMs: config.WECHAT_TIMEOUT_MS
    });
    const offset = new Date('2025-05-20T10:00:00+08:00').getTime() - Date.now();
    clock.set(() => new Date(Date.now() + offset));

    const rss: number[] = [];
    const sampler = setInterval(() => rss.push(process.memoryUsage().rss), 1_000);
    let lastLog = 0;
    const onProgress = (_p: unknown, counts: Readonly<Record<string, number>>) => {
      if (Date.now() - lastLog < Number(process.env.BENCH_LOG_MS ?? 10_000)) return;
      lastLog = Date.now();
      step(`counts ${JSON.stringify(counts)}`);
    };
    const start = performance.now();
    const result = await runJobNow('care-daily', {
      deps: compose({ config, logger, wechat }).deps,
      date: '2025-05-20',
      options: { dealership: String(dealership._id) },
      onProgress
    });
    const seconds = (performance.now() - start) / 1000;
    clearInterval(sampler);
    clock.set(null);

    if (dbTime.size)
      for (const [k, v] of [...dbTime].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20))
        console.error(`DB ${k}: ${v.n} calls, ${v.ms.toFixed(0)} ms`);
    const sent = result.counts.sent ?? 0;
    if (result.status !== 'succeeded' || sent !== N)
      throw new Error(`run ${result.status}: ${JSON.stringify(result.counts)}`);
    const received = (await (
      await fetch(`${sandbox.url}/__sandbox/messages?template_id=TPL_BIRTHDAY`)
    ).json()) as { messages: unknown[] };
    if (received.messages.length !== N)
      throw new Error(`sandbox received ${received.messages.length} of ${N}`);
    const achieved = sent / seconds;
    const mb = (b: number) => (b / 1024 / 1024).toFixed(0);
    const tenth = Math.max(1, Math.floor(rss.length / 10));
    const early = rss.slice(tenth, 2 * tenth);
    const late = rss.slice(-2 * tenth, -tenth || undefined);
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const figures =
      `${sent.toLocaleString('en')} greetings in ${seconds.toFixed(1)} s = ${achieved.toFixed(0)}/s against a ${LIMIT}/s sandbox limit ` +
      `(retries ${result.counts.retries ?? 0}); RSS ${mb(Math.min(...rss))}–${mb(Math.max(...rss))} MB, ` +
      `mean of 2nd tenth ${mb(avg(early))} MB vs 9th tenth ${mb(avg(late))} MB; seeding ${seedSeconds.toFixed(0)} s; ${engine.engine} ${engine.version}`;
    return {
      name: `Care dispatch (${N.toLocaleString('en')} greetings)`,
      figures,
      ratio: achieved / LIMIT,
      goal: '≥ 0.8'
    };
  } finally {
    await mongoose.connection.db?.dropDatabase().catch(() => undefined);
    await disconnectDatabase().catch(() => undefined);
    sandbox.child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 1000));
    await db.stop();
  }
}

if (require.main === module) {
  benchDispatch().then(
    (row) => {
      console.log(`| ${row.name} | ${row.figures} | ${row.ratio.toFixed(2)} | ${row.goal} |`);
      process.exit(0);
    },
    (err) => {
      console.error(err);
      process.exit(1);
    }
  );
}
