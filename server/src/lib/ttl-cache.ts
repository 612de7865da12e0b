/**
 * A small in-process cache for reference data that changes rarely (dealership settings,
 * staff display names). Changes made through this process invalidate at once; other
 * server instances see them within the TTL — acceptable for this kind of data, never used
 * for sessions, permissions or balances.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();
  private readonly loading = new Map<string, Promise<V>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000
  ) {}

  async getOrLoad(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.expires > Date.now()) return hit.value;
    const pending = this.loading.get(key);
    if (pending) return pending;
    const promise = load().then(
      (value) => {
        if (this.entries.size >= this.maxEntries) this.entries.clear();
        this.entries.set(key, { value, expires: Date.now() + this.ttlMs });
        this.loading.delete(key);
        return value;
      },
      (err: unknown) => {
        this.loading.delete(key);
        throw err;
      }
    );
    this.loading.set(key, promise);
    return promise;
  }

  invalidate(key?: string): void {
    if (key === undefined) this.entries.clear();
    else this.entries.delete(key);
  }
}
