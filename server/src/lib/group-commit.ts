/**
 * Group commit: concurrent writers each wait for their own item to be stored, but items
 * arriving together are stored with one insertMany. Under load the batches grow by
 * themselves (items queue while a batch is being written), so one round trip serves many
 * requests; a lone request still waits only for its own write.
 */
export class GroupCommitWriter<T> {
  private queue: Array<{ item: T; done: (err?: unknown) => void }> = [];
  private writing = false;

  constructor(
    private readonly store: (items: T[]) => Promise<unknown>,
    private readonly maxBatch = 500
  ) {}

  write(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, done: (err) => (err ? reject(err) : resolve()) });
      if (!this.writing) setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          await this.store(batch.map((b) => b.item));
          for (const b of batch) b.done();
        } catch (err) {
          for (const b of batch) b.done(err);
        }
      }
    } finally {
      this.writing = false;
    }
  }
}
