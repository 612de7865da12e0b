/**
 * Authenticated archive read: GET /api/customers/:id as the customer's advisor (session
 * lookup, scope check, the archive's reads, the access-log entry written before the
 * answer) against two baselines served by the same child process on the same database
 * connection (archive-read.server.ts):
 *  - `driver`: the same reads and the audit insert through the driver, no framework — the
 *    ratio to it is the app's own overhead (goal ≥ 0.7);
 *  - `findOne`: one driver findOne of the customer (goal ≥ 0.4).
 * Each request picks a random customer among all of them (with its advisor's token). The
 * three paths alternate over BENCH_ROUNDS rounds (default 3) of BENCH_SECONDS each (default
 * 15) at BENCH_CONNECTIONS keep-alive connections (default 32); ratios are medians of the
 * per-round ratios. CPU seconds of the server and the database are measured per path.
 *
 *   npx tsx tests/bench/archive-read.bench.ts   (BENCH_ARCHIVE_CUSTOMERS=500 for a smoke run)
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { rmSync } from 'node:fs';
import {
  alternate,
  envInt,
  loadNow,
  measureCpu,
  median,
  MemorySampler,
  perRoundRow,
  ROUNDS,
  runStandalone,
  seededRandom,
  spread,
  startBenchDatabase,
  type BenchRow
} from './common';
import { runLoad, type LoadResult, type Request } from './load';

interface ServerInfo {
  ports: { api: number; driver: number; findOne: number };
  customers: { id: string; token: string }[];
  counts: Record<string, number>;
  engine: string;
}

type Path = keyof ServerInfo['ports'];
const PATHS: Record<Path, (id: string) => string> = {
  api: (id) => `/api/customers/${id}`,
  driver: (id) => `/customers/${id}`,
  findOne: (id) => `/customers/${id}`
};

interface Measured {
  load: LoadResult;
  cpu: Record<string, number>;
}

export async function benchArchiveRead(): Promise<BenchRow[]> {
  const seconds = envInt('BENCH_SECONDS', 15);
  const connections = envInt('BENCH_CONNECTIONS', 32);
  const rounds = ROUNDS();
  const database = await startBenchDatabase('bench-archive');
  const profile = process.env.ARCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/archprof'] : [];
  const child = spawn(
    process.execPath,
    [...profile, '--import', 'tsx', resolve(__dirname, 'archive-read.server.ts')],
    {
      env: { ...process.env, BENCH_MONGODB_URI: database.uri('bench_archive') },
      stdio: ['ignore', 'pipe', 'inherit']
    }
  );
  try {
    const seedStarted = Date.now();
    const line = await new Promise<string>((res, rej) => {
      createInterface({ input: child.stdout! }).once('line', res);
      child.once('exit', (code) => rej(new Error(`bench server exited ${code}`)));
    });
    const info = JSON.parse(line) as ServerInfo;
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    const processes = { server: child.pid ?? null, database: database.pid };
    const load = async (path: Path, seed: number, conns: number, secs: number): Promise<Measured> => {
      const random = seededRandom(seed);
      const next = (): Request => {
        const c = info.customers[Math.floor(random() * info.customers.length)];
        return {
          path: PATHS[path](c.id),
          headers: path === 'findOne' ? {} : { Authorization: `Bearer ${c.token}` }
        };
      };
      const { value, cpu } = await measureCpu(processes, () => runLoad(info.ports[path], next, conns, secs));
      if (value.errors > 0) throw new Error(`${path}: ${value.errors} of ${value.requests} requests failed`);
      return { load: value, cpu };
    };
    for (const path of Object.keys(PATHS) as Path[]) await load(path, 1, 8, 2); // warm-up
    const loadBefore = loadNow();
    const memory = new MemorySampler({
      server: child.pid ?? null,
      database: database.pid,
      bench: process.pid
    });
    const results = await alternate(rounds, {
      findOne: (round) => load('findOne', 100 + round, connections, seconds),
      driver: (round) => load('driver', 100 + round, connections, seconds),
      api: (round) => load('api', 100 + round, connections, seconds)
    });
    memory.stop();
    const rate = (path: Path) => results[path].map((r) => r.load.perSecond);
    const perRound = (base: Path) =>
      results.api.map((r, i) => r.load.perSecond / results[base][i].load.perSecond);
    const cpuPerRequest = (path: Path, proc: string) =>
      median(results[path].map((r) => ((r.cpu[proc] ?? Number.NaN) * 1000) / r.load.requests)).toFixed(2);
    const describe = (path: Path) =>
      `${path} ${spread(rate(path))} req/s (p50 ${median(results[path].map((r) => r.load.p50ms)).toFixed(0)} ms, ` +
      `p99 ${median(results[path].map((r) => r.load.p99ms)).toFixed(0)} ms; CPU ms/request: server ${cpuPerRequest(path, 'server')}, ` +
      `database ${cpuPerRequest(path, 'database')})`;
    const c = info.counts;
    const setting =
      `${c.customers.toLocaleString('en-US')} customers, ${c.vehicles.toLocaleString('en-US')} vehicles, ` +
      `${c.serviceRecords.toLocaleString('en-US')} repair orders, ${c.contacts.toLocaleString('en-US')} contacts (seeded in ${seedSeconds.toFixed(0)} s); ` +
      `random ids; ${rounds} alternated rounds × ${seconds} s, ${connections} connections; ratio = median of per-round ratios; ` +
      `peak RSS ${memory.peaks()}; load average ${loadBefore} → ${loadNow()}; ${info.engine}`;
    return [
      perRoundRow(
        'Archive read: API vs the same reads + audit insert through the driver',
        `${describe('api')}; ${describe('driver')}`,
        perRound('driver'),
        { kind: 'atLeast', value: 0.7 },
        setting
      ),
      perRoundRow('Archive read: API vs one driver findOne', describe('findOne'), perRound('findOne'), {
        kind: 'atLeast',
        value: 0.4
      })
    ];
  } finally {
    child.kill('SIGTERM');
    await database.db.stop();
    rmSync(database.dir, { recursive: true, force: true });
  }
}

if (require.main === module) runStandalone(benchArchiveRead);
