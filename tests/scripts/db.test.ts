/**
 * The local database launcher (scripts/db/launcher.ts): start, the unique-index rule the
 * project's concurrency relies on, stop, restart on the same data, MONGODB_URI, errors.
 * These tests start their own servers (besides the one jest's globalSetup started).
 */
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { MongoClient, MongoServerError } from 'mongodb';
import { ensureFerretdbBinary, startLocalDatabase, type RunningDatabase } from '../../scripts/db/launcher';

jest.setTimeout(180_000); // a first run may build the FerretDB wrapper (~2 min cold)

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'dealer-db-test-'));
  dirs.push(dir);
  return dir;
};

const savedEnv = { MONGODB_URI: process.env.MONGODB_URI, PATH: process.env.PATH };
let db: RunningDatabase;
let client: MongoClient;

beforeAll(async () => {
  delete process.env.MONGODB_URI; // exercise the launcher itself, whatever the shell has
  db = await startLocalDatabase({ dataDir: tempDir() });
  client = await MongoClient.connect(db.uri);
});

afterAll(async () => {
  await client?.close();
  await db?.stop();
  process.env.MONGODB_URI = savedEnv.MONGODB_URI;
  if (savedEnv.MONGODB_URI === undefined) delete process.env.MONGODB_URI;
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function answersPing(uri: string): Promise<boolean> {
  const c = new MongoClient(uri, { serverSelectionTimeoutMS: 500 });
  try {
    await c.db('admin').command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await c.close();
  }
}

describe('startLocalDatabase', () => {
  it('gives a URI that accepts inserts and finds', async () => {
    expect(['mongod', 'ferretdb']).toContain(db.engine);
    expect(db.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
    expect(db.version).toMatch(/^\d+\.\d+/);
    const cars = client.db('launcher').collection<{ vin: string; model: string; price: number }>('cars');
    await cars.insertMany([
      { vin: 'V1', model: 'A4', price: 30 },
      { vin: 'V2', model: 'Q5', price: 45 }
    ]);
    const found = await cars.find({ price: { $gt: 40 } }, { projection: { _id: 0 } }).toArray();
    expect(found).toEqual([{ vin: 'V2', model: 'Q5', price: 45 }]);
  });

  it('rejects a duplicate of a unique index with code 11000, single and compound', async () => {
    const leads = client.db('launcher').collection('leads');
    await leads.createIndex({ phone: 1 }, { unique: true });
    await leads.createIndex({ dealer: 1, vin: 1 }, { unique: true });
    await leads.insertOne({ phone: '13800000000', dealer: 'D1', vin: 'X' });
    await expect(leads.insertOne({ phone: '13800000000', dealer: 'D2', vin: 'Y' })).rejects.toMatchObject({
      code: 11000
    });
    await expect(leads.insertOne({ phone: '13900000000', dealer: 'D1', vin: 'X' })).rejects.toMatchObject({
      code: 11000
    });
    await leads.insertOne({ phone: '13900000000', dealer: 'D1', vin: 'Z' }); // compound differs: fine
    // An update that would create a duplicate is rejected too.
    await expect(leads.updateOne({ vin: 'Z' }, { $set: { phone: '13800000000' } })).rejects.toMatchObject({
      code: 11000
    });
    expect(await leads.countDocuments()).toBe(2);
  });

  it('lets exactly one of 20 concurrent inserts of the same unique key succeed', async () => {
    const claims = client.db('launcher').collection('claims');
    await claims.createIndex({ couponId: 1, userId: 1 }, { unique: true });
    for (let round = 0; round < 3; round++) {
      // 20 separate connections, so the inserts really race on the server.
      const clients = await Promise.all(Array.from({ length: 20 }, () => MongoClient.connect(db.uri)));
      try {
        const results = await Promise.allSettled(
          clients.map((c, i) =>
            c
              .db('launcher')
              .collection('claims')
              .insertOne({ couponId: `C${round}`, userId: 'U1', attempt: i })
          )
        );
        const ok = results.filter((r) => r.status === 'fulfilled');
        const codes = results.flatMap((r) =>
          r.status === 'rejected' ? [(r.reason as MongoServerError).code] : []
        );
        expect(ok).toHaveLength(1);
        expect(codes).toEqual(Array(19).fill(11000));
        expect(await claims.countDocuments({ couponId: `C${round}` })).toBe(1);
      } finally {
        await Promise.all(clients.map((c) => c.close()));
      }
    }
  });

  it('keeps the data across a stop and a start on the same directory', async () => {
    const dataDir = tempDir();
    const first = await startLocalDatabase({ dataDir });
    const c1 = await MongoClient.connect(first.uri);
    await c1.db('persist').collection('x').insertOne({ k: 'kept' });
    await c1.close();
    await first.stop();
    const second = await startLocalDatabase({ dataDir });
    try {
      const c2 = await MongoClient.connect(second.uri);
      expect(
        await c2
          .db('persist')
          .collection('x')
          .findOne({}, { projection: { _id: 0 } })
      ).toEqual({ k: 'kept' });
      await c2.close();
    } finally {
      await second.stop();
    }
  });

  it('stop() ends the server process', async () => {
    const own = await startLocalDatabase({ dataDir: tempDir() });
    expect(await answersPing(own.uri)).toBe(true);
    await own.stop();
    await expect(own.exited).resolves.toBeDefined();
    expect(await answersPing(own.uri)).toBe(false);
    await own.stop(); // a second stop is harmless
  });

  it('listens on the port it is given', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const addr = s.address();
        s.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
      });
    });
    const own = await startLocalDatabase({ dataDir: tempDir(), port });
    try {
      expect(own.uri).toBe(`mongodb://127.0.0.1:${port}/`);
      expect(await answersPing(own.uri)).toBe(true);
    } finally {
      await own.stop();
    }
  });

  it('fails with the server output when the server dies at start (port taken)', async () => {
    const blocker: Server = await new Promise((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => resolve(s));
    });
    const addr = blocker.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    try {
      const err = await startLocalDatabase({ dataDir: tempDir(), port }).then(
        () => new Error('started on a taken port'),
        (e: unknown) => e as Error
      );
      expect(err.message).toMatch(/exited with .* before it was ready/);
      expect(err.message).toMatch(/Last output:/);
      expect(err.message).toMatch(/address already in use/i);
    } finally {
      blocker.close();
    }
  });
});

describe('MONGODB_URI', () => {
  afterEach(() => {
    delete process.env.MONGODB_URI;
  });

  it('is used as is: engine external, stop() leaves the server alone', async () => {
    process.env.MONGODB_URI = db.uri;
    const external = await startLocalDatabase({ dataDir: tempDir() });
    expect(external.engine).toBe('external');
    expect(external.uri).toBe(db.uri);
    expect(external.version).toBe(db.version);
    expect(external.exited).toBeUndefined();
    await external.stop();
    expect(await answersPing(db.uri)).toBe(true);
  });
});

describe('a mongod on PATH', () => {
  afterEach(() => {
    process.env.PATH = savedEnv.PATH;
  });

  // No real mongod here: a stand-in script that checks the arguments the launcher passes and
  // serves them with the FerretDB wrapper, so the mongod code path runs end to end.
  const testIt = process.platform === 'win32' ? it.skip : it;
  testIt('is spawned with --dbpath, --port and --bind_ip 127.0.0.1 (engine mongod)', async () => {
    const bin = await ensureFerretdbBinary();
    const pathDir = tempDir();
    const dataDir = tempDir();
    const script = [
      '#!/bin/sh',
      'while [ $# -gt 0 ]; do case "$1" in',
      '  --dbpath) d=$2; shift 2;; --port) p=$2; shift 2;; --bind_ip) h=$2; shift 2;;',
      '  *) echo "unexpected argument $1" >&2; exit 2;; esac; done',
      `[ "$d" = "${dataDir}" ] && [ "$h" = "127.0.0.1" ] && [ -n "$p" ] || { echo "bad args" >&2; exit 2; }`,
      `exec "${bin}" -data "$d" -listen "$h:$p"`
    ].join('\n');
    writeFileSync(join(pathDir, 'mongod'), `${script}\n`);
    chmodSync(join(pathDir, 'mongod'), 0o755);
    process.env.PATH = `${pathDir}${delimiter}${savedEnv.PATH ?? ''}`;
    const fake = await startLocalDatabase({ dataDir });
    try {
      expect(fake.engine).toBe('mongod');
      expect(await answersPing(fake.uri)).toBe(true);
    } finally {
      await fake.stop();
    }
    await expect(fake.exited).resolves.toBeDefined();
  });
});

describe('ensureFerretdbBinary', () => {
  it('shares one build between concurrent callers and is newer than its sources', async () => {
    const [a, b] = await Promise.all([ensureFerretdbBinary(), ensureFerretdbBinary()]);
    expect(a).toBe(b);
    const built = statSync(a);
    expect(built.mode & 0o111).not.toBe(0);
    for (const f of ['main.go', 'go.mod', 'go.sum']) {
      expect(statSync(join(__dirname, '../../scripts/db/ferretdb', f)).mtimeMs).toBeLessThanOrEqual(
        built.mtimeMs
      );
    }
  });
});
