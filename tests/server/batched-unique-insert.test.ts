/**
 * Group commit of unique inserts (`lib/batcher.ts`, `batchedUniqueInsert`): documents of
 * concurrent callers go in together, each caller learns whether its key went in, a failed
 * batch fails its callers only.
 */
import mongoose from 'mongoose';
import { Batcher } from '../../server/src/lib/batcher';
import { batchedUniqueInsert } from '../../server/src/lib/jobs/unique-insert';
import { startTestApp, type TestContext } from '../support/harness';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

test('items submitted while a batch is at work go together in the next; results reach their callers', async () => {
  const batches: number[][] = [];
  const batcher = new Batcher<number, number>(async (items) => {
    batches.push(items);
    await new Promise((r) => setTimeout(r, 20));
    return items.map((n) =>
      n % 5 === 0
        ? { status: 'rejected' as const, reason: new Error(`no ${n}`) }
        : { status: 'fulfilled' as const, value: n * 2 }
    );
  });
  const first = batcher.submit(1);
  await new Promise((r) => setImmediate(r));
  const rest = [2, 3, 5, 7].map((n) => batcher.submit(n).catch((err: Error) => err.message));
  expect(await first).toBe(2);
  expect(await Promise.all(rest)).toEqual([4, 6, 'no 5', 14]);
  expect(batches).toEqual([[1], [2, 3, 5, 7]]);
  expect(batcher.idle).toBe(true);
});

test('a batch that fails fails its own callers, and the next batch runs', async () => {
  let calls = 0;
  const batcher = new Batcher<string, string>(async (items) => {
    if (calls++ === 0) throw new Error('database gone');
    return items.map((value) => ({ status: 'fulfilled' as const, value }));
  });
  await expect(batcher.submit('a')).rejects.toThrow('database gone');
  expect(await batcher.submit('b')).toBe('b');
});

test('concurrent unique inserts: one per key goes in, whether in the same batch or against a stored one', async () => {
  const collection = mongoose.connection.collection('test_batched_unique');
  await collection.insertOne({ _id: 'taken' as unknown as mongoose.Types.ObjectId, by: 0 });
  const insert = batchedUniqueInsert<{ _id: string; by: number }>({ collection });
  const keys = ['a', 'b', 'a', 'taken', 'c', 'b', 'a'];
  const results = await Promise.all(keys.map((_id, by) => insert({ _id, by: by + 1 })));
  expect(results).toEqual([true, true, false, false, true, false, false]);
  const stored = await collection.find({}).sort({ _id: 1 }).toArray();
  expect(stored).toEqual([
    { _id: 'a', by: 1 },
    { _id: 'b', by: 2 },
    { _id: 'c', by: 5 },
    { _id: 'taken', by: 0 }
  ]);
});
