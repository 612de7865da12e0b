import { clock } from '../../lib/clock';
import { inUpdateChunks } from '../../lib/jobs/bulk-write';
import { CareDispatch } from './care-dispatch.model';

export type DispatchUpdate = Record<string, unknown>;

/**
 * Final dispatch statuses, written in bulk (one bulkWrite per ~250 ms or 500 results) so
 * the sender is not slowed by one round trip per message. A crash loses at most the
 * unwritten tail: those dispatches stay `sending` and recovery decides (see sender.ts).
 */
export class StatusWriter {
  private queue: Array<{ id: string; set: DispatchUpdate }> = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly onError: (err: unknown) => void,
    private readonly maxBatch = 500,
    private readonly delayMs = 250
  ) {}

  update(id: string, set: DispatchUpdate): void {
    this.queue.push({ id, set: { ...set, updatedAt: clock.now() } });
    if (this.queue.length >= this.maxBatch) void this.flush();
    else if (this.timer === null) {
      this.timer = setTimeout(() => void this.flush(), this.delayMs);
      this.timer.unref();
    }
  }

  /** Writes what is queued; resolves when everything queued so far is stored. */
  flush(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.queue.splice(0);
    if (batch.length > 0) {
      this.writing = this.writing.then(() =>
        inUpdateChunks(batch, (part) =>
          CareDispatch.bulkWrite(
            part.map((u) => ({ updateOne: { filter: { _id: u.id }, update: { $set: u.set } } })),
            { ordered: false }
          )
        ).then(
          () => undefined,
          (err: unknown) => this.onError(err)
        )
      );
    }
    return this.writing;
  }
}
