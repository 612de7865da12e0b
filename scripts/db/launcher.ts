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
import {
  accessSync,
  chmodSync,
  closeSync,
  constants,
  copyFileSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync
} from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { delimiter, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { MongoClient } from 'mongodb';

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

const REPO_ROOT = resolve(__dirname, '..', '..');
const FERRETDB_SRC = join(REPO_ROOT, 'scripts', 'db', 'ferretdb');
const BIN_DIR = join(REPO_ROOT, '.data', 'bin');
const EXE = process.platform === 'win32' ? '.exe' : '';
const FERRETDB_BIN = join(BIN_DIR, `ferretdb-embedded${EXE}`);

const START_TIMEOUT_MS = 30_000;
const BUILD_TIMEOUT_MS = 15 * 60_000;
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

function findOnPath(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, cmd + EXE);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
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

// ---------------------------------------------------------------------------------------
// Building the FerretDB wrapper

let building: Promise<string> | undefined;

/**
 * Returns the path of the embedded-FerretDB binary, building it with `go build` when it is
 * missing or older than scripts/db/ferretdb/{main.go,go.mod,go.sum,patches/*}. A cold build (empty Go
 * caches) downloads the modules and compiles FerretDB + pure-Go SQLite: ~1.5 min on 2 cores.
 * Concurrent callers (in this process or others) share one build: a lock file serialises
 * builders and the binary is written under a temporary name, then renamed into place.
 */
export function ensureFerretdbBinary(log: (line: string) => void = noop): Promise<string> {
  building ??= ensureBinary(log).finally(() => {
    building = undefined;
  });
  return building;
}

function binaryIsFresh(): boolean {
  let bin: number;
  try {
    bin = statSync(FERRETDB_BIN).mtimeMs;
  } catch {
    return false;
  }
  return BUILD_INPUTS.every((f) => statSync(join(FERRETDB_SRC, f)).mtimeMs <= bin);
}

async function ensureBinary(log: (line: string) => void): Promise<string> {
  if (binaryIsFresh()) return FERRETDB_BIN;
  mkdirSync(BIN_DIR, { recursive: true });
  const lock = `${FERRETDB_BIN}.lock`;
  await acquireLock(lock, log);
  try {
    if (binaryIsFresh()) return FERRETDB_BIN; // another process built it while we waited
    const go = findOnPath('go');
    if (!go) {
      throw new Error(
        'No MONGODB_URI, no mongod on PATH, and no Go toolchain to build the embedded FerretDB: ' +
          'install Go (>= 1.24), put mongod on PATH, or set MONGODB_URI.'
      );
    }
    const tmp = `${FERRETDB_BIN}.tmp-${process.pid}-${Date.now()}`;
    log(
      `building the embedded FerretDB (go build, first run only; a cold build takes ~1-2 min) → ${FERRETDB_BIN}`
    );
    const started = Date.now();
    try {
      await buildFerretdb(go, tmp, log);
      renameSync(tmp, FERRETDB_BIN);
    } finally {
      rmSync(tmp, { force: true });
    }
    log(`built the embedded FerretDB in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return FERRETDB_BIN;
  } finally {
    rmSync(lock, { force: true });
  }
}

/**
 * Fixes to FerretDB's own source (scripts/db/ferretdb/patches/), applied at build time: each
 * file replaces one file of the module (or adds it, when the module has no such file), the
 * change marked PATCHED. `go build -overlay` may not touch
 * files in the module cache, so a patched build copies the module next to a copy of the
 * wrapper (.data/build/ferretdb/) and points go.mod at it with a `replace`. A patch applies
 * only to the exact module version it was written for.
 */
const PATCHES = [
  // $group computed only its first accumulator; all later ones silently returned 0.
  {
    module: 'github.com/FerretDB/FerretDB',
    version: 'v1.24.2',
    file: 'internal/handler/common/aggregations/stages/group.go',
    patch: 'patches/group.go.patched'
  },
  // An update that broke a unique index failed with InternalError (code 1), not E11000.
  // Also (with sqlite-pushdown.go below): Query/Explain push a superset filter down to SQLite,
  // and UpdateAll/DeleteAll find documents through the _id index instead of a table scan.
  {
    module: 'github.com/FerretDB/FerretDB',
    version: 'v1.24.2',
    file: 'internal/backends/sqlite/collection.go',
    patch: 'patches/sqlite-collection.go.patched'
  },
  // `upserted[].index` counted upserts instead of naming the statement (bulkWrite upsertedIds).
  {
    module: 'github.com/FerretDB/FerretDB',
    version: 'v1.24.2',
    file: 'internal/handler/msg_update.go',
    patch: 'patches/msg_update.go.patched'
  },
  // New file. Only {_id: <string|ObjectID>} was pushed down to SQLite (and not through the _id
  // index): every other query decoded the whole collection in Go (~70 µs a document). Now
  // equality and $in on strings/ObjectIDs/bools of top-level fields become a WHERE that
  // selects a superset of the matches through the fields' indexes; the handler still
  // applies the full filter afterwards.
  {
    module: 'github.com/FerretDB/FerretDB',
    version: 'v1.24.2',
    file: 'internal/backends/sqlite/pushdown.go',
    patch: 'patches/sqlite-pushdown.go.patched'
  },
  // Atomic single-document updates. Upstream read a document, computed the new one in Go
  // and wrote it back in another step: concurrent updates of one document lost $set/$inc
  // and two conditional updates could both win. Now each update statement and each
  // findAndModify (the batched updateOne run too) reads and writes in one SQLite write
  // transaction (BEGIN IMMEDIATE, `_txlock` in main.go), serialised per database.
  {
    module: 'github.com/FerretDB/FerretDB',
    version: 'v1.24.2',
    file: 'internal/backends/write_transaction.go',
    patch: 'patches/backends-write-transaction.go.patched'
  },
  {
    module: 'github.com/FerretDB/FerretDB',
    version: 'v1.24.2',
    file: 'internal/backends/decorators/oplog/write_transaction.go',
    patch: 'patches/oplog-write-transaction.go.patched'
  },
  {
    module: 'github.com/FerretDB/FerretDB',
    version: 'v1.24.2',
    file: 'internal/backends/sqlite/write_transaction.go',
    patch: 'patches/sqlite-write-transaction.go.patched'
  },
  {
    module: 'github.com/FerretDB/FerretDB',
    version: 'v1.24.2',
    file: 'internal/handler/msg_findandmodify.go',
    patch: 'patches/msg_findandmodify.go.patched'
  }
];
const BUILD_INPUTS = ['main.go', 'go.mod', 'go.sum', ...PATCHES.map((p) => p.patch)];
const BUILD_DIR = join(REPO_ROOT, '.data', 'build', 'ferretdb');

async function buildFerretdb(go: string, out: string, log: (line: string) => void): Promise<void> {
  const modules = new Map<string, string>(); // module path → copy inside BUILD_DIR
  let goMod = readFileSync(join(FERRETDB_SRC, 'go.mod'), 'utf8');
  rmSync(BUILD_DIR, { recursive: true, force: true });
  for (const p of PATCHES) {
    // Downloads the module if needed; tells where it is and which version go.mod pins.
    const mod = JSON.parse(await runGo(go, ['mod', 'download', '-json', p.module], FERRETDB_SRC)) as {
      Version?: string;
      Dir?: string;
    };
    if (mod.Version !== p.version || !mod.Dir) {
      log(
        `warning: ${p.patch} is for ${p.module} ${p.version}, go.mod has ${mod.Version}; building without it`
      );
      continue;
    }
    const local = `./${p.module.replace(/[^A-Za-z0-9]+/g, '_')}`;
    if (!modules.has(p.module)) {
      copyTree(mod.Dir, join(BUILD_DIR, local));
      goMod += `\nreplace ${p.module} => ${local}\n`;
      modules.set(p.module, local);
    }
    copyFileSync(join(FERRETDB_SRC, p.patch), join(BUILD_DIR, local, p.file));
  }
  if (modules.size === 0) {
    await runGo(go, ['build', '-o', out, '.'], FERRETDB_SRC);
    return;
  }
  copyFileSync(join(FERRETDB_SRC, 'main.go'), join(BUILD_DIR, 'main.go'));
  copyFileSync(join(FERRETDB_SRC, 'go.sum'), join(BUILD_DIR, 'go.sum'));
  writeFileSync(join(BUILD_DIR, 'go.mod'), goMod);
  await runGo(go, ['build', '-o', out, '.'], BUILD_DIR);
}

/** Copies a directory tree with writable modes (the module cache's files are read-only). */
function copyTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const src = join(from, entry.name);
    const dst = join(to, entry.name);
    if (entry.isDirectory()) copyTree(src, dst);
    else if (entry.isFile()) {
      copyFileSync(src, dst);
      chmodSync(dst, 0o644);
    }
  }
}

function runGo(go: string, args: string[], cwd: string): Promise<string> {
  return new Promise((done, fail) => {
    const proc = spawn(go, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: string[] = [];
    const stderr: string[] = [];
    proc.stdout.on('data', (b: Buffer) => stdout.push(b.toString()));
    proc.stderr.on('data', (b: Buffer) => stderr.push(b.toString()));
    const timer = setTimeout(() => proc.kill('SIGKILL'), BUILD_TIMEOUT_MS);
    proc.once('error', (e) => {
      clearTimeout(timer);
      fail(new Error(`could not run go: ${e.message}`));
    });
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return done(stdout.join(''));
      const output = (stderr.join('') + stdout.join('')).trim().split('\n').slice(-TAIL_LINES).join('\n');
      fail(new Error(`go ${args.join(' ')} failed (${code ?? signal}) in ${cwd}:\n${output}`));
    });
  });
}

async function acquireLock(lock: string, log: (line: string) => void): Promise<void> {
  let told = false;
  const giveUp = Date.now() + BUILD_TIMEOUT_MS;
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (lockIsStale(lock)) {
      rmSync(lock, { force: true });
      continue;
    }
    if (Date.now() > giveUp) throw new Error(`timed out waiting for the build lock ${lock}`);
    if (!told) {
      log('another process is building the embedded FerretDB; waiting for it');
      told = true;
    }
    await sleep(500);
  }
}

function lockIsStale(lock: string): boolean {
  try {
    const pid = Number(readFileSync(lock, 'utf8'));
    if (Date.now() - statSync(lock).mtimeMs > BUILD_TIMEOUT_MS) return true;
    if (!Number.isInteger(pid) || pid <= 0) return Date.now() - statSync(lock).mtimeMs > 5_000;
    process.kill(pid, 0); // throws ESRCH when the holder is gone
    return false;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ESRCH' || code === 'ENOENT';
  }
}
