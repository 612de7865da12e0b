import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { TEST_APPID, TEST_SECRET, type TestContext } from './harness';
import { shanghai } from './care-fixtures';

const ROOT = resolve(__dirname, '../..');

export interface CareRunOptions {
  /** Shanghai wall-clock time the run pretends it is (`--now`). */
  time?: string;
  /** CARE_SEND_RATE of the child. */
  rate?: number;
  extraArgs?: string[];
}

/**
 * The operator's command as a process of its own (`npx tsx scripts/care-run.ts`) on this
 * test's database and WeChat sandbox: nothing of the test process is shared with it.
 */
export function careRun(
  ctx: TestContext,
  date: string,
  code: string,
  opts: CareRunOptions = {}
): ChildProcess {
  const args = [
    'tsx',
    'scripts/care-run.ts',
    '--date',
    date,
    '--dealership',
    code,
    '--now',
    shanghai(date, opts.time ?? '10:00').toISOString(),
    ...(opts.extraArgs ?? [])
  ];
  return spawn('npx', args, {
    cwd: ROOT,
    env: {
      ...process.env,
      MONGODB_URI: ctx.deps.config.MONGODB_URI,
      WECHAT_API_BASE: ctx.sandbox.url,
      WECHAT_APPID: TEST_APPID,
      WECHAT_SECRET: TEST_SECRET,
      ...(opts.rate ? { CARE_SEND_RATE: String(opts.rate) } : {}),
      LOG_LEVEL: 'warn'
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: npx starts node as a child, and a kill must reach both.
    detached: true
  });
}

/** The child's exit with everything it printed (stdout and stderr). */
export function exited(
  child: ChildProcess
): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  return new Promise((res) => child.once('exit', (code, signal) => res({ code, signal, out })));
}
