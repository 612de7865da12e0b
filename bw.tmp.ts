import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { startLocalDatabase } from './scripts/db/launcher';
type Id = mongoose.Types.ObjectId;
const race = <T>(p: Promise<T>) => Promise.race([p.then(() => 'ok'), new Promise((r) => setTimeout(() => r('TIMEOUT'), 8000))]);
async function main() {
  const [par, size] = process.argv.slice(2).map(Number);
  const db = await startLocalDatabase({ dataDir: mkdtempSync(join(tmpdir(), 'bw-')) });
  await mongoose.connect(`${db.uri.replace(/\/$/, '')}/bw`);
  const c = mongoose.connection.db!.collection('x');
  await c.insertMany(Array.from({ length: 5000 }, (_, i) => ({ _id: `k${i}` as unknown as Id, s: 'done' })));
  const ids = (a: number, n: number) => Array.from({ length: n }, (_, i) => `k${a + i}` as unknown as Id);
  const t = Date.now();
  const r = await race(Promise.all(Array.from({ length: par }, (_, k) => c.bulkWrite(ids(k * size, size).map((_id) => ({ updateOne: { filter: { _id }, update: { $set: { s: 'sent' } } } })), { ordered: false }))));
  console.log(`parallel ${par} x ${size}:`, r, Date.now() - t, 'ms');
  process.exit(0);
}
main();
