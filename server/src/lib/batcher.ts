/**
 * Group commit: items submitted while a batch is at work wait and go together in the next one;
 * the first batch starts on the next turn, so items submitted together go together. Under load
 * batches grow by themselves; alone, an item waits one turn. Each caller gets its item's result.
 */
export class Batcher<I, R> {
  private readonly queue: Array<{ item: I; resolve(result: R): void; reject(err: unknown): void }> = [];
  private running = false;

  constructor(
    /** The results in the items' order (a rejected one fails only its caller). */
    private readonly run: (items: I[]) => Promise<Array<PromiseSettledResult<R>>>,
    private readonly maxBatch = 200
  ) {}

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.running) return;
      this.running = true;
      setImmediate(() => void this.drain());
    });
  }

  /** Whether nothing is queued or at work (an idle batcher may be dropped). */
  get idle(): boolean {
    return !this.running && this.queue.length === 0;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          const results = await this.run(batch.map((w) => w.item));
          batch.forEach((w, i) => {
            const r = results[i];
            if (r?.status === 'fulfilled') w.resolve(r.value);
            else w.reject(r ? r.reason : new Error('batch gave no result'));
          });
        } catch (err) {
          for (const w of batch) w.reject(err);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
