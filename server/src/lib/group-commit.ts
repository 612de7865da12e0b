/**
 * Group commit: concurrent writers each wait for their own item to be stored, but items
 * arriving together are stored with one write. Under load the batches grow by themselves
 * (items queue while a batch is being written), so one round trip serves many requests; a
 * lone request still waits only for its own write. With `maxInFlight` 2 the next batch is
 * sent while the last one is being written: the callers answered by one batch do their CPU
 * work (and form the next batch) while the database works on the other.
 */

/** One item's outcome in a batch: `ok` resolves its writer, else it is rejected with `error`. */
export type ItemOutcome = { ok: true } | { ok: false; error: unknown };

/**
 * The general form: `storeBatch` tells each item's outcome (an `insertMany` with
 * `ordered: false` stores some items of a batch and refuses others). A throw fails every item.
 */
export class GroupCommit<T> {
  private queue: Array<{ item: T; done: (err?: unknown) => void }> = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly storeBatch: (items: T[]) => Promise<readonly ItemOutcome[]>,
    private readonly maxBatch = 500,
    private readonly maxInFlight = 1
  ) {}

  write(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, done: (err) => (err === undefined ? resolve() : reject(err)) });
      this.schedule();
    });
  }

  /** Starts a batch after the current tick (what arrives in it joins), if a write may start. */
  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.writeBatch();
    });
  }

  private async writeBatch(): Promise<void> {
    if (this.inFlight >= this.maxInFlight || this.queue.length === 0) return;
    this.inFlight += 1;
    const batch = this.queue.splice(0, this.maxBatch);
    this.schedule(); // more waiting than one batch takes: the next may go alongside
    let outcomes: readonly ItemOutcome[];
    try {
      outcomes = await this.storeBatch(batch.map((b) => b.item));
    } catch (err) {
      outcomes = batch.map(() => ({ ok: false, error: err ?? new Error('write failed') }));
    }
    this.inFlight -= 1;
    batch.forEach((b, i) => {
      const outcome = outcomes[i] ?? { ok: false, error: new Error('no outcome for the item') };
      b.done(outcome.ok ? undefined : (outcome.error ?? new Error('write failed')));
    });
    this.schedule();
  }
}

const ALL_STORED: ItemOutcome = { ok: true };

/** Every item of a batch stored together or none (one write that succeeds or throws). */
export class GroupCommitWriter<T> extends GroupCommit<T> {
  constructor(store: (items: T[]) => Promise<unknown>, maxBatch = 500) {
    super(async (items) => {
      await store(items);
      return items.map(() => ALL_STORED);
    }, maxBatch);
  }
}
