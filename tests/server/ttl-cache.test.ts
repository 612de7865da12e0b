import { TtlCache } from '../../server/src/lib/ttl-cache';

/** A read that started before a change must not be served after it. */
test('a load under way when the key is invalidated is neither kept nor shared', async () => {
  const cache = new TtlCache<string>(60_000);
  let stored = 'old';
  let release: () => void = () => undefined;
  const slowRead = cache.getOrLoad(
    'k',
    () => new Promise<string>((resolve) => (release = () => resolve('old')))
  );
  stored = 'new';
  cache.invalidate('k');
  const afterWrite = await cache.getOrLoad('k', async () => stored);
  expect(afterWrite).toBe('new');
  release();
  expect(await slowRead).toBe('old');
  // The late 'old' did not replace what was read after the change.
  expect(await cache.getOrLoad('k', async () => 'reloaded')).toBe('new');
});

test('entries are served until they expire or are invalidated', async () => {
  const cache = new TtlCache<number>(60_000);
  let loads = 0;
  const load = async () => ++loads;
  expect(await cache.getOrLoad('k', load)).toBe(1);
  expect(await cache.getOrLoad('k', load)).toBe(1);
  cache.invalidate();
  expect(await cache.getOrLoad('k', load)).toBe(2);
});

test('a TTL per value: an answer found is kept, a missing one read again', async () => {
  const cache = new TtlCache<string | null>((value) => (value ? 60_000 : 0));
  let reads = 0;
  const load = (value: string | null) => async () => {
    reads++;
    return value;
  };
  expect(await cache.getOrLoad('missing', load(null))).toBeNull();
  expect(await cache.getOrLoad('missing', load('now here'))).toBe('now here');
  expect(await cache.getOrLoad('missing', load('changed'))).toBe('now here');
  expect(reads).toBe(2);
});
