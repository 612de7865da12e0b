/**
 * A small in-process cache for reference data that changes rarely (dealership settings,
 * staff display names). Changes made through this process invalidate at once; other
 * server instances see them within the TTL — acceptable for this kind of data, never used
 * for sessions, permissions or balances.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();
  private readonly loading = new Map<string, Promise<V>>();
  /** Bumped by every invalidation: a load that started before one must not be cached. */
  private generation = 0;

  /** `ttlMs`: one TTL, or one per value (e.g. a found answer kept longer than a missing one). */
  constructor(
    private readonly ttlMs: number | ((value: V) => number),
    private readonly maxEntries = 10_000
  ) {}

  async getOrLoad(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.expires > Date.now()) return hit.value;
    const pending = this.loading.get(key);
    if (pending) return pending;
    const started = this.generation;
    const done = () => {
      if (this.loading.get(key) === promise) this.loading.delete(key);
    };
    const promise = load().then(
      (value) => {
        // Read before a change made through this process: serve it to its callers, keep it not.
        if (started === this.generation) {
          if (this.entries.size >= this.maxEntries) this.entries.clear();
          const ttl = typeof this.ttlMs === 'number' ? this.ttlMs : this.ttlMs(value);
          this.entries.set(key, { value, expires: Date.now() + ttl });
        }
        done();
        return value;
      },
      (err: unknown) => {
        done();
        throw err;
      }
    );
    this.loading.set(key, promise);
    return promise;
  }

  /** After a change: later reads load again (loads already under way are not shared with them). */
  invalidate(key?: string): void {
    this.generation++;
    if (key === undefined) {
      this.entries.clear();
      this.loading.clear();
    } else {
      this.entries.delete(key);
      this.loading.delete(key);
    }
  }
}
