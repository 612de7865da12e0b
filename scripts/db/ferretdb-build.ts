/**
 * Building the embedded FerretDB: a small Go wrapper in scripts/db/ferretdb, compiled on first
 * use into `.data/bin/` (with the fixes in scripts/db/ferretdb/patches applied). Used by the
 * launcher (launcher.ts) and by `.ci/run`'s install step through it.
 */
import { spawn } from 'node:child_process';
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
import { delimiter, join, resolve } from 'node:path';
import { PATCHES } from './ferretdb-patches';

const REPO_ROOT = resolve(__dirname, '..', '..');
const FERRETDB_SRC = join(REPO_ROOT, 'scripts', 'db', 'ferretdb');
const BIN_DIR = join(REPO_ROOT, '.data', 'bin');
const EXE = process.platform === 'win32' ? '.exe' : '';
const FERRETDB_BIN = join(BIN_DIR, `ferretdb-embedded${EXE}`);
const BUILD_TIMEOUT_MS = 15 * 60_000;
/** Lines of a failed build's output kept in the error. */
const TAIL_LINES = 40;

const noop = (): void => undefined;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The executable `cmd` on PATH, if any. */
export function findOnPath(cmd: string): string | undefined {
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
