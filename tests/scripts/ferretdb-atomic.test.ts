/**
 * Single-document updates are atomic, as on MongoDB. Runs on whatever jest's globalSetup
 * started. Upstream FerretDB v1.24.2 reads a document, computes the new one in Go and writes
 * it back in a separate step, so concurrent updates of one document lost fields and
 * increments, and two conditional updates could both win. Our build (scripts/db/ferretdb/
 * patches/, "atomic updates") runs each statement's read-modify-write in one SQLite write
 * transaction; these tests fail on the unpatched build.
 */
import { MongoClient, ObjectId, type Collection, type Db, type Document } from 'mongodb';
import { randomBytes } from 'node:crypto';

const CLIENTS = 100;

let client: MongoClient;
let db: Db;

beforeAll(async () => {
  const base = process.env.TEST_MONGODB_URI;
  if (!base)
    throw new Error('TEST_MONGODB_URI is not set: run through jest (globalSetup starts the database)');
  // One connection per concurrent request, so the server really sees them in parallel.
  client = new MongoClient(base, { maxPoolSize: CLIENTS, minPoolSize: CLIENTS });
  await client.connect();
  db = client.db(`atomic_${randomBytes(4).toString('hex')}`);
});

afterAll(async () => {
  await db?.dropDatabase();
  await client?.close();
});

async function freshCollection(doc: Document): Promise<{ coll: Collection; _id: ObjectId }> {
  const coll = db.collection(`c_${randomBytes(4).toString('hex')}`);
  const _id = new ObjectId();
  await coll.insertOne({ _id, ...doc });
  return { coll, _id };
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('single-document updates under concurrency', () => {
  it('keeps every field of 100 concurrent $set of different fields', async () => {
    const { coll, _id } = await freshCollection({ name: 'x' });
    const results = await Promise.all(
      range(100).map((i) => coll.updateOne({ _id }, { $set: { [`f${i}`]: i } }))
    );
    expect(results.every((r) => r.modifiedCount === 1)).toBe(true);
    const doc = await coll.findOne({ _id });
    const missing = range(100).filter((i) => doc?.[`f${i}`] !== i);
    expect(missing).toEqual([]);
    expect(doc?.name).toBe('x');
  });

  // One round does not always show a double win on the unpatched build; several rounds nearly always do.
  const ROUNDS = 30;

  it('lets exactly one of 50 concurrent conditional updates win, round after round', async () => {
    for (const round of range(ROUNDS)) {
      const { coll, _id } = await freshCollection({ state: 'a' });
      const results = await Promise.all(
        range(50).map((i) => coll.updateOne({ _id, state: 'a' }, { $set: { state: 'b', winner: i } }))
      );
      const winners = results.filter((r) => r.modifiedCount === 1).length;
      expect({ round, winners, matched: results.filter((r) => r.matchedCount === 1).length }).toEqual({
        round,
        winners: 1,
        matched: 1
      });
      expect(await coll.findOne({ _id })).toMatchObject({ state: 'b' });
    }
  });

  it('returns the document to exactly one of 50 concurrent conditional findOneAndUpdate, round after round', async () => {
    for (const round of range(ROUNDS)) {
      const { coll, _id } = await freshCollection({ state: 'a' });
      const results = await Promise.all(
        range(50).map((i) =>
          coll.findOneAndUpdate(
            { _id, state: 'a' },
            { $set: { state: 'b', winner: i } },
            { returnDocument: 'after' }
          )
        )
      );
      const winners = results.filter((r) => r !== null);
      expect({ round, winners: winners.length }).toEqual({ round, winners: 1 });
      expect(await coll.findOne({ _id })).toMatchObject({ state: 'b', winner: winners[0]?.winner });
    }
  });

  it('counts exactly with $inc from 200 concurrent requests', async () => {
    const { coll, _id } = await freshCollection({ n: 0 });
    await Promise.all(range(200).map(() => coll.updateOne({ _id }, { $inc: { n: 1 } })));
    expect(await coll.findOne({ _id })).toMatchObject({ n: 200 });
  });

  it('counts exactly with $inc sent as one bulkWrite per request (the batched updateOne-by-_id path)', async () => {
    const { coll, _id } = await freshCollection({ n: 0 });
    const other = new ObjectId();
    await coll.insertOne({ _id: other, n: 0 });
    const op = (id: ObjectId): { updateOne: { filter: Document; update: Document } } => ({
      updateOne: { filter: { _id: id }, update: { $inc: { n: 1 } } }
    });
    await Promise.all(range(50).map(() => coll.bulkWrite([op(_id), op(other), op(_id)])));
    expect(await coll.findOne({ _id })).toMatchObject({ n: 100 });
    expect(await coll.findOne({ _id: other })).toMatchObject({ n: 50 });
  });

  it('updateMany moving documents within an indexed filter updates each exactly once, also concurrently', async () => {
    const coll = db.collection(`many_${randomBytes(4).toString('hex')}`);
    await coll.createIndex({ tag: 1 });
    await coll.insertMany(range(50).map((i) => ({ i, tag: 'x', n: 0 })));
    const moved = await coll.updateMany({ tag: { $in: ['x', 'y'] } }, { $set: { tag: 'y' }, $inc: { n: 1 } });
    expect(moved).toMatchObject({ matchedCount: 50, modifiedCount: 50 });
    await Promise.all(range(10).map(() => coll.updateMany({ tag: 'y' }, { $inc: { n: 1 } })));
    const counts = (await coll.find().toArray()).map((d) => d.n);
    expect(counts).toEqual(range(50).map(() => 11));
  });

  it('still upserts, removes and creates collections from findOneAndUpdate/Delete under concurrency', async () => {
    const coll = db.collection(`new_${randomBytes(4).toString('hex')}`);
    const upserts = await Promise.all(
      range(20).map((i) =>
        coll.findOneAndUpdate({ key: `k${i}` }, { $inc: { n: 1 } }, { upsert: true, returnDocument: 'after' })
      )
    );
    expect(upserts.map((d) => d?.n)).toEqual(range(20).map(() => 1));
    expect(await coll.countDocuments()).toBe(20);
    const removed = await Promise.all(range(20).map(() => coll.findOneAndDelete({ key: 'k3' })));
    expect(removed.filter((d) => d !== null)).toHaveLength(1);
    expect(await coll.countDocuments()).toBe(19);
  });

  it('still reports a unique-index violation as E11000 and changes nothing', async () => {
    const { coll, _id } = await freshCollection({ code: 'A' });
    await coll.createIndex({ code: 1 }, { unique: true });
    await coll.insertOne({ code: 'B' });
    await expect(coll.updateOne({ _id }, { $set: { code: 'B' } })).rejects.toMatchObject({ code: 11000 });
    await expect(coll.findOneAndUpdate({ _id }, { $set: { code: 'B' } })).rejects.toMatchObject({
      code: 11000
    });
    expect(await coll.findOne({ _id })).toMatchObject({ code: 'A' });
  });
});
