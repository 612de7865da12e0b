/**
 * Group commit: items submitted while a batch is at work wait and go together in the next one;
 * the first batch starts on the next turn, so items submitted together go together. Under load
 * batches grow by themselves (one round trip serves many requests); alone, an item waits one
 * turn. Each caller gets its own item's result. With `maxInFlight` above 1 the next batch is
 * sent while the last one is being written: the callers answered by one batch do their CPU work
 * (and form the next batch) while the database works on the other.
 */
export interface BatcherOptions {
  /** Items a batch takes at most. */
  maxBatch?: number;
  /** Batches at work at the same time. */
  maxInFlight?: number;
}

interface Waiting<I, R> {
  item: I;
  resolve(result: R): void;
  reject(err: unknown): void;
}

export class Batcher<I, R> {
  private readonly queue: Array<Waiting<I, R>> = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;

  constructor(
    /** The results in the items' order (a rejected one fails only its caller; a throw fails the batch). */
    private readonly run: (items: I[]) => Promise<ReadonlyArray<PromiseSettledResult<R>>>,
    { maxBatch = 200, maxInFlight = 1 }: BatcherOptions = {}
  ) {
    this.maxBatch = maxBatch;
    this.maxInFlight = maxInFlight;
  }

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Whether nothing is queued or at work (an idle batcher may be dropped). */
  get idle(): boolean {
    return this.inFlight === 0 && !this.scheduled && this.queue.length === 0;
  }

  /** Starts a batch after the current turn (what arrives in it joins), if one may start. */
  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.runBatch();
    });
  }

  private async runBatch(): Promise<void> {
    if (this.inFlight >= this.maxInFlight || this.queue.length === 0) return;
    this.inFlight += 1;
    const batch = this.queue.splice(0, this.maxBatch);
    this.schedule(); // more waiting than one batch takes: the next may go alongside
    let results: ReadonlyArray<PromiseSettledResult<R>>;
    try {
      results = await this.run(batch.map((w) => w.item));
    } catch (err) {
      results = batch.map(() => ({ status: 'rejected', reason: err ?? new Error('batch failed') }));
    }
    this.inFlight -= 1;
    batch.forEach((w, i) => {
      const r = results[i];
      if (r?.status === 'fulfilled') w.resolve(r.value);
      else w.reject(r ? r.reason : new Error('batch gave no result'));
    });
    this.schedule();
  }
}
