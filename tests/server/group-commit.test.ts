import { GroupCommit, GroupCommitWriter } from '../../server/src/lib/group-commit';
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

describe('GroupCommit', () => {
  test('each writer learns its own outcome in a batch (some stored, some refused)', async () => {
    const writer = new GroupCommit<number>(async (items) =>
      items.map((n) => (n % 3 === 0 ? { ok: false, error: new Error(`refused ${n}`) } : { ok: true }))
    );
    const outcomes = await Promise.allSettled(Array.from({ length: 7 }, (_, i) => writer.write(i)));
    expect(outcomes.map((o) => o.status)).toEqual([
      'rejected',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'rejected'
    ]);
    expect((outcomes[3] as PromiseRejectedResult).reason.message).toBe('refused 3');
  });

  test('never more batches in flight than allowed; a queue longer than a batch fills the second slot', async () => {
    let inFlight = 0;
    let most = 0;
    const sizes: number[] = [];
    const writer = new GroupCommit<number>(
      async (items) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        sizes.push(items.length);
        await new Promise((r) => setTimeout(r, 5));
        inFlight -= 1;
        return items.map(() => ({ ok: true }));
      },
      10,
      2
    );
    await Promise.all(Array.from({ length: 45 }, (_, i) => writer.write(i)));
    expect(most).toBe(2);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(45);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(10);
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
