import { GroupCommitWriter } from '../../server/src/lib/group-commit';
import { TtlCache } from '../../server/src/lib/ttl-cache';

describe('GroupCommitWriter', () => {
  test('concurrent writes share batches and each waits for its own item to be stored', async () => {
    const batches: number[][] = [];
    const writer = new GroupCommitWriter<number>(async (items) => {
      await new Promise((r) => setTimeout(r, 5));
      batches.push(items);
    }, 50);
    await Promise.all(Array.from({ length: 120 }, (_, i) => writer.write(i)));
    expect(batches.flat()).toEqual(Array.from({ length: 120 }, (_, i) => i));
    expect(batches.length).toBeLessThanOrEqual(3);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(50);
  });

  test('a failed batch rejects every writer in it, and the next batch still runs', async () => {
    let fail = true;
    const stored: string[] = [];
    const writer = new GroupCommitWriter<string>(async (items) => {
      if (fail) {
        fail = false;
        throw new Error('disk full');
      }
      stored.push(...items);
    });
    const first = await Promise.allSettled([writer.write('a'), writer.write('b')]);
    expect(first.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await writer.write('c');
    expect(stored).toEqual(['c']);
  });
});

describe('TtlCache', () => {
  test('loads once for concurrent readers, serves hits, and reloads after invalidation', async () => {
    let loads = 0;
    const cache = new TtlCache<number>(60_000);
    const load = async () => ++loads;
    expect(await Promise.all([cache.getOrLoad('k', load), cache.getOrLoad('k', load)])).toEqual([1, 1]);
    expect(await cache.getOrLoad('k', load)).toBe(1);
    cache.invalidate('k');
    expect(await cache.getOrLoad('k', load)).toBe(2);
  });

  test('expired entries are loaded again', async () => {
    const cache = new TtlCache<string>(1);
    await cache.getOrLoad('k', async () => 'old');
    await new Promise((r) => setTimeout(r, 5));
    expect(await cache.getOrLoad('k', async () => 'new')).toBe('new');
  });
});
