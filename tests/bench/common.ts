/**
 * What every benchmark shares: sizes from the environment, alternated rounds and medians,
 * memory and CPU sampling of this process and of child processes (the database, a server),
 * the database started fresh with its pid known, and the report rows.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalDatabase, type RunningDatabase } from '../../scripts/db/launcher';
import { describeEngine } from '../../server/src/lib/db';
import { databaseProfilePrefix, profileDatabase } from './cpu-profile';

export interface Goal {
  /** `atLeast`: the ratio must be ≥ value; `atMost`: ≤ value. */
  kind: 'atLeast' | 'atMost';
  value: number;
}

export interface BenchRow {
  name: string;
  figures: string;
  ratio: number;
  goal: Goal | null;
}

/** A row whose ratio is the median of per-round ratios, which the figures list after `figures`. */
export function perRoundRow(
  name: string,
  figures: string,
  ratios: readonly number[],
  goal: Goal | null,
  setting?: string
): BenchRow {
  const rounds = ratios.map((r) => r.toFixed(2)).join(', ');
  return {
    name,
    figures: `${figures}; per-round ratios ${rounds}${setting ? `; ${setting}` : ''}`,
    ratio: median(ratios),
    goal
  };
}

export const goalText = (goal: Goal | null): string =>
  goal ? `${goal.kind === 'atLeast' ? '≥' : '≤'} ${goal.value}` : '—';

export function goalVerdict(row: BenchRow): string {
  if (!row.goal) return '';
  const met = row.goal.kind === 'atLeast' ? row.ratio >= row.goal.value : row.ratio <= row.goal.value;
  return met ? 'met' : 'not met';
}

export const markdownRow = (row: BenchRow): string =>
  `| ${row.name} | ${row.figures} | **${row.ratio.toFixed(2)}** | ${goalText(row.goal)} ${goalVerdict(row)} |`;

/** A positive integer setting of a benchmark (sizes, rounds), `fallback` when unset. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** Rounds of every benchmark: baselines and the measured path alternate within each. */
export const ROUNDS = (): number => envInt('BENCH_ROUNDS', 3);

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs `rounds` rounds of the named steps; the order rotates every round (A B C, B C A,
 * C A B…), so no step always runs first on a cold cache or last on a fuller database.
 */
export async function alternate<S extends Record<string, (round: number) => Promise<unknown>>>(
  rounds: number,
  steps: S,
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)
): Promise<{ [K in keyof S]: Awaited<ReturnType<S[K]>>[] }> {
  const names = Object.keys(steps);
  const results: Record<string, unknown[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < rounds; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length]);
    for (const name of order) {
      log(`  round ${round + 1}/${rounds}: ${name}…`);
      results[name].push(await steps[name](round));
    }
  }
  return results as { [K in keyof S]: Awaited<ReturnType<S[K]>>[] };
}

/** Figures of one step over the rounds: "median (min–max)". */
export function spread(values: readonly number[], digits = 0, unit = ''): string {
  const f = (v: number) =>
    v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  if (values.length === 1) return `${f(values[0])}${unit}`;
  return `${f(median(values))}${unit} (${f(Math.min(...values))}–${f(Math.max(...values))})`;
}

const CLOCK_TICKS = 100;

/** User + system CPU seconds a process has used so far (Linux /proc); null elsewhere. */
export function cpuSeconds(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** Resident memory of a process in bytes (Linux /proc); null elsewhere. */
export function rssOf(pid: number): number | null {
  if (pid === process.pid) return process.memoryUsage().rss;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

const MB = 1024 * 1024;

/** Samples the RSS of some processes (by default this one) every `everyMs`. */
export class MemorySampler {
  private readonly samples = new Map<string, number[]>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly processes: Record<string, number | null> = { bench: process.pid },
    everyMs = 250
  ) {
    for (const name of Object.keys(processes)) this.samples.set(name, []);
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }

  private sample(): void {
    for (const [name, pid] of Object.entries(this.processes)) {
      const rss = pid === null ? null : rssOf(pid);
      if (rss !== null) this.samples.get(name)?.push(rss);
    }
  }

  stop(): this {
    clearInterval(this.timer);
    this.sample();
    return this;
  }

  /** Peak MB per process, e.g. "bench 231 MB, database 356 MB". */
  peaks(): string {
    return [...this.samples]
      .filter(([, s]) => s.length > 0)
      .map(([name, s]) => `${name} ${Math.round(Math.max(...s) / MB)} MB`)
      .join(', ');
  }

  /** RSS of one process at 25/50/75/100 % of the run: a steady climb shows there. */
  quarters(name = 'bench'): string {
    const s = this.samples.get(name) ?? [];
    if (s.length === 0) return 'n/a';
    const at = (q: number) => Math.round(s[Math.min(s.length - 1, Math.floor((s.length * q) / 4))] / MB);
    return `${at(1)}/${at(2)}/${at(3)}/${at(4)} MB`;
  }
}

/** CPU seconds used by some processes while `work` runs, with its wall time. */
export async function measureCpu<T>(
  processes: Record<string, number | null>,
  work: () => Promise<T>
): Promise<{ value: T; ms: number; cpu: Record<string, number> }> {
  const before = Object.fromEntries(Object.entries(processes).map(([n, pid]) => [n, cpuSeconds(pid)]));
  const started = performance.now();
  const value = await work();
  const ms = performance.now() - started;
  const cpu: Record<string, number> = {};
  for (const [name, pid] of Object.entries(processes)) {
    const b = before[name];
    const a = cpuSeconds(pid);
    if (a !== null && b !== null) cpu[name] = a - b;
  }
  return { value, ms, cpu };
}

/** "node 41 s, database 57 s of CPU" */
export const cpuText = (cpu: Record<string, number>, digits = 1): string =>
  Object.entries(cpu)
    .map(([name, s]) => `${name} ${s.toFixed(digits)} s`)
    .join(', ');

export interface BenchDatabase {
  db: RunningDatabase;
  /** The database server process (null when MONGODB_URI points elsewhere). */
  pid: number | null;
  uri: (name: string) => string;
  dir: string;
}

/** A fresh local database (embedded FerretDB unless MONGODB_URI / mongod) in a temporary directory. */
export async function startBenchDatabase(prefix: string): Promise<BenchDatabase> {
  const dir = mkdtempSync(join(process.env.BENCH_TMPDIR ?? tmpdir(), `${prefix}-`));
  let pid: number | null = null;
  const profilePrefix = databaseProfilePrefix();
  if (profilePrefix) process.env.FERRETDB_CPU_PROFILE = profilePrefix;
  const db = await startLocalDatabase({
    dataDir: join(dir, 'db'),
    log: (line) => {
      const m = /\(pid (\d+)\)/.exec(line);
      if (m) pid = Number(m[1]);
    }
  });
  if (profilePrefix && pid !== null) profileDatabase(pid, profilePrefix);
  return { db, pid, dir, uri: (name) => `${db.uri.replace(/\/$/, '')}/${name}` };
}

/** "ferretdb 1.24.2" (mongoose must be connected). */
export async function engineName(): Promise<string> {
  const engine = await describeEngine();
  return `${engine.engine} ${engine.version}`;
}

/** The 1-minute load average now: how busy the shared machine was around a run. */
export const loadNow = (): string => loadavg()[0].toFixed(1);

export const seconds = (ms: number, digits = 1): string => (ms / 1000).toFixed(digits);

/** Deterministic pseudo-random numbers in [0, 1): the same data every run. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Runs a benchmark file on its own (`npx tsx tests/bench/x.bench.ts`) and prints its rows. */
export function runStandalone(bench: () => Promise<BenchRow[]>): void {
  bench().then(
    (rows) => {
      console.log('| benchmark | figures | ratio | goal |\n|---|---|---|---|');
      for (const row of rows) console.log(markdownRow(row));
      process.exit(0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    }
  );
}
