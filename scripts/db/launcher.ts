/**
 * Local database launcher: the one place that decides which database the app, the scripts
 * and the tests talk to. In order:
 *
 *  1. `MONGODB_URI` is set        → use it as is (engine 'external'; stop() does nothing);
 *  2. a `mongod` is on PATH        → spawn it on `dataDir` (engine 'mongod');
 *  3. otherwise                    → the embedded FerretDB v1.24 (SQLite backend), a small Go
 *                                    wrapper in scripts/db/ferretdb built on first use into
 *                                    `.data/bin/` (engine 'ferretdb').
 *
 * The promise resolves only once the server answers a real `ping`; if the child dies first,
 * the error carries its last output lines. Children are stopped when the parent exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { MongoClient } from 'mongodb';
import { ensureFerretdbBinary, findOnPath } from './ferretdb-build';

export { ensureFerretdbBinary };

export type DatabaseEngine = 'external' | 'mongod' | 'ferretdb';

export interface RunningDatabase {
  uri: string;
  engine: DatabaseEngine;
  /** `buildInfo.version` as the server reports it (FerretDB v1.24 reports MongoDB "7.0.42"). */
  version: string;
  /** Stops the child (SIGTERM, SIGKILL after a grace period); resolves once it has exited. */
  stop(): Promise<void>;
  /** Resolves with the child's exit code (or signal name) when it ends; undefined for 'external'. */
  exited?: Promise<number | string>;
}

export interface StartOptions {
  dataDir: string;
  port?: number;
  log?: (line: string) => void;
}

const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 10_000;
const TAIL_LINES = 40;

const noop = (): void => undefined;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export async function startLocalDatabase(opts: StartOptions): Promise<RunningDatabase> {
  const log = opts.log ?? noop;
  const external = process.env.MONGODB_URI;
  if (external) {
    const { version } = await waitForPing(external, Date.now() + START_TIMEOUT_MS, undefined).catch(
      (e: unknown) => {
        throw new Error(`MONGODB_URI is set but ${redact(external)} did not answer a ping: ${errorText(e)}`);
      }
    );
    log(`database: external (MONGODB_URI) ${version} at ${redact(external)}`);
    return { uri: external, engine: 'external', version, stop: async () => undefined };
  }

  mkdirSync(opts.dataDir, { recursive: true });
  const mongod = findOnPath('mongod');
  if (mongod) {
    const port = opts.port ?? (await freePort());
    const uri = `mongodb://127.0.0.1:${port}/`;
    const child = spawnServer(
      mongod,
      ['--dbpath', opts.dataDir, '--port', String(port), '--bind_ip', '127.0.0.1'],
      'ignore'
    );
    return finishStart(child, 'mongod', Promise.resolve(uri), log);
  }

  const bin = await ensureFerretdbBinary(log);
  // Port 0 lets FerretDB bind a free port itself (no race); the READY line tells which.
  const args = ['-data', opts.dataDir, '-listen', `127.0.0.1:${opts.port ?? 0}`, '-exit-on-stdin-eof'];
  const child = spawnServer(bin, args, 'pipe');
  const ready = new Promise<string>((resolveUri) => {
    child.onLine = (line) => {
      const m = /^READY (mongodb:\/\/\S+)/.exec(line);
      if (m) resolveUri(m[1]);
    };
  });
  return finishStart(child, 'ferretdb', ready, log);
}

interface Server {
  proc: ChildProcess;
  name: string;
  tail: string[];
  exited: Promise<number | string>;
  onLine?: (line: string) => void;
}

const liveChildren = new Set<ChildProcess>();
let exitHooksInstalled = false;

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  // Synchronous best effort: ask every child to shut down when this process goes away.
  process.on('exit', () => liveChildren.forEach((c) => c.kill('SIGTERM')));
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      liveChildren.forEach((c) => c.kill('SIGTERM'));
      // Nobody else handles this signal: keep its default meaning (terminate this process).
      if (process.listenerCount(sig) === 1) {
        process.removeListener(sig, onSignal);
        process.kill(process.pid, sig);
      }
    };
    process.on(sig, onSignal);
  }
}

function spawnServer(file: string, args: string[], stdin: 'pipe' | 'ignore'): Server {
  installExitHooks();
  const proc = spawn(file, args, { stdio: [stdin, 'pipe', 'pipe'] });
  const server: Server = { proc, name: file, tail: [], exited: Promise.resolve(0) };
  server.exited = new Promise((done) => {
    proc.once('error', (e) => {
      server.tail.push(`spawn error: ${e.message}`);
      done('spawn-error');
    });
    proc.once('exit', (code, signal) => done(code ?? signal ?? 'unknown'));
  });
  liveChildren.add(proc);
  void server.exited.then(() => liveChildren.delete(proc));
  for (const stream of [proc.stdout, proc.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      server.tail.push(line);
      if (server.tail.length > TAIL_LINES) server.tail.shift();
      server.onLine?.(line);
    });
  }
  // A forgotten stop() must not keep the parent alive; the exit hooks (and, for FerretDB,
  // stdin closing when the parent dies) still take the child down.
  proc.unref();
  for (const s of [proc.stdin, proc.stdout, proc.stderr]) (s as Socket | null)?.unref?.();
  return server;
}

async function finishStart(
  server: Server,
  engine: 'mongod' | 'ferretdb',
  uriReady: Promise<string>,
  log: (line: string) => void
): Promise<RunningDatabase> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  const lastOutput = (): string => `Last output:\n${server.tail.join('\n') || '(none)'}`;
  const died = server.exited.then((code): never => {
    throw new Error(`${engine} (${server.name}) exited with ${code} before it was ready. ${lastOutput()}`);
  });
  died.catch(noop);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(
      () => fail(new Error(`${engine} did not become ready within ${START_TIMEOUT_MS} ms. ${lastOutput()}`)),
      START_TIMEOUT_MS
    );
  });
  let uri: string;
  let info: BuildInfo;
  try {
    uri = await Promise.race([uriReady, died, timeout]);
    info = await Promise.race([waitForPing(uri, deadline, server), died, timeout]);
  } catch (e) {
    await stopServer(server);
    const msg = errorText(e);
    throw new Error(
      msg.includes('Last output') ? msg : `${engine} did not become ready: ${msg}. ${lastOutput()}`
    );
  } finally {
    clearTimeout(timer);
  }
  const extra = engine === 'ferretdb' ? ` (FerretDB ${info.ferretdbVersion ?? 'unknown'})` : '';
  log(`database: ${engine} ${info.version}${extra} at ${uri} (pid ${server.proc.pid})`);
  let stopping: Promise<void> | undefined;
  return {
    uri,
    engine,
    version: info.version,
    stop: () => (stopping ??= stopServer(server)),
    exited: server.exited
  };
}

async function stopServer(server: Server): Promise<void> {
  const { proc } = server;
  if (proc.exitCode !== null || proc.signalCode !== null || proc.pid === undefined) {
    await server.exited;
    return;
  }
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), STOP_GRACE_MS);
  await server.exited;
  clearTimeout(timer);
}

interface BuildInfo {
  version: string;
  ferretdbVersion?: string;
}

/** Pings until the server answers or the deadline passes; returns its `buildInfo`. */
async function waitForPing(uri: string, deadline: number, server: Server | undefined): Promise<BuildInfo> {
  let last: unknown;
  while (Date.now() < deadline) {
    if (server && (server.proc.exitCode !== null || server.proc.signalCode !== null)) break;
    const client = new MongoClient(uri, {
      serverSelectionTimeoutMS: Math.min(2000, Math.max(100, deadline - Date.now())),
      connectTimeoutMS: 2000
    });
    try {
      await client.connect();
      const admin = client.db('admin');
      await admin.command({ ping: 1 });
      const info = await admin.command({ buildInfo: 1 });
      return {
        version: String(info.version),
        ferretdbVersion: typeof info.ferretdbVersion === 'string' ? info.ferretdbVersion : undefined
      };
    } catch (e) {
      last = e;
    } finally {
      await client.close().catch(noop);
    }
    await sleep(200);
  }
  throw new Error(
    `no answer to ping at ${redact(uri)}: ${last === undefined ? 'timed out' : errorText(last)}`
  );
}

function redact(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}

/** A port that was free a moment ago on 127.0.0.1 (bind port 0, read it, close). */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? done(port) : fail(new Error('could not pick a free port'))));
    });
  });
}
