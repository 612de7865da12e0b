import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startLocalDatabase } from '../../scripts/db/launcher';
import { runLoad } from './load';

export interface BenchRow {
  name: string;
  figures: string;
  ratio: number;
  goal: string;
}

const CONNECTIONS = 32;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);

/**
 * Authenticated archive read (GET /api/customers/:id as an advisor: session lookup, scope
 * check, archive queries, access-log write) vs a bare Koa handler doing one driver findOne
 * of the same customer, both served by one child process on one database, at 32 connections.
 */
export async function benchArchiveRead(): Promise<BenchRow> {
  const db = await startLocalDatabase({ dataDir: mkdtempSync(join(tmpdir(), 'bench-db-')) });
  const child = spawn(
    process.execPath,
    [
      ...(process.env.ARCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/archprof'] : []),
      '--import',
      'tsx',
      resolve(__dirname, 'archive-read.server.ts')
    ],
    {
      env: { ...process.env, BENCH_MONGODB_URI: `${db.uri.replace(/\/$/, '')}/bench_archive` },
      stdio: ['ignore', 'pipe', 'inherit']
    }
  );
  try {
    const line = await new Promise<string>((res, rej) => {
      createInterface({ input: child.stdout! }).once('line', res);
      child.once('exit', (code) => rej(new Error(`bench server exited ${code}`)));
    });
    const info = JSON.parse(line) as {
      realPort: number;
      barePort: number;
      token: string;
      customers: string[];
      engine: { engine: string; version: string };
    };
    const id = info.customers[17];
    // Warm both paths, then measure the baseline and the API alternately.
    await runLoad(`http://127.0.0.1:${info.barePort}/customers/${id}`, {}, 8, 2);
    await runLoad(
      `http://127.0.0.1:${info.realPort}/api/customers/${id}`,
      { Authorization: `Bearer ${info.token}` },
      8,
      2
    );
    const bare = await runLoad(`http://127.0.0.1:${info.barePort}/customers/${id}`, {}, CONNECTIONS, SECONDS);
    const api = await runLoad(
      `http://127.0.0.1:${info.realPort}/api/customers/${id}`,
      { Authorization: `Bearer ${info.token}` },
      CONNECTIONS,
      SECONDS
    );
    if (api.errors > 0 || bare.errors > 0)
      throw new Error(`errors during the run: api ${api.errors}, bare ${bare.errors}`);
    const ratio = api.perSecond / bare.perSecond;
    const figures =
      `API ${api.perSecond.toFixed(0)} req/s (p50 ${api.p50ms.toFixed(1)} ms, p99 ${api.p99ms.toFixed(1)} ms); ` +
      `bare findOne ${bare.perSecond.toFixed(0)} req/s (p99 ${bare.p99ms.toFixed(1)} ms); ${CONNECTIONS} connections, ${SECONDS} s each; ` +
      `${info.engine.engine} ${info.engine.version}`;
    return { name: 'Authenticated archive read', figures, ratio, goal: '≥ 0.4' };
  } finally {
    child.kill('SIGTERM');
    await db.stop();
  }
}

if (require.main === module) {
  benchArchiveRead().then(
    (row) => console.log(`| ${row.name} | ${row.figures} | ${row.ratio.toFixed(2)} | ${row.goal} |`),
    (err) => {
      console.error(err);
      process.exit(1);
    }
  );
}
