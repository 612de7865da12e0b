import { Batcher } from './batcher';

/**
 * Group commit for writes that answer nothing but stored or not: concurrent writers each wait
 * for their own item to be stored, items arriving together are stored with one write (see
 * `Batcher`).
 */

/** One item's outcome in a batch: `ok` resolves its writer, else it is rejected with `error`. */
export type ItemOutcome = { ok: true } | { ok: false; error: unknown };

/**
 * `storeBatch` tells each item's outcome (an `insertMany` with `ordered: false` stores some
 * items of a batch and refuses others). A throw fails every item.
 */
export class GroupCommit<T> {
  private readonly batcher: Batcher<T, void>;

  constructor(storeBatch: (items: T[]) => Promise<readonly ItemOutcome[]>, maxBatch = 500, maxInFlight = 1) {
    this.batcher = new Batcher<T, void>(
      async (items) =>
        (await storeBatch(items)).map((o) =>
          o.ok
            ? { status: 'fulfilled', value: undefined }
            : { status: 'rejected', reason: o.error ?? new Error('write failed') }
        ),
      { maxBatch, maxInFlight }
    );
  }

  write(item: T): Promise<void> {
    return this.batcher.submit(item);
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
