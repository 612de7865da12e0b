import { clock } from '../../../lib/clock';
import { insertManyUnique } from '../../../lib/jobs/unique-insert';
import { inWriteLane } from '../../../lib/jobs/write-lane';
import { op } from '../../../lib/query';
import { DispatchResult, OpenDispatch } from '../care-dispatch.model';

export interface FinalStatus {
  status: string;
  reason?: string | null;
  errcode?: number | null;
  errmsg?: string | null;
  attempts?: number;
  msgid?: string | null;
}

export interface Finishing {
  _id: string;
  dealershipId: unknown;
  runDate: string;
}

/**
 * Final statuses, written in bulk every ~500 ms (or 500 results): the results are inserted
 * (the first outcome of a dispatch wins), then the dispatches leave the open list. Both
 * are inserts and deletes, ~0.1 ms a document on FerretDB where an update costs ~1.3 ms,
 * and go through the write lane. A crash loses at most the unwritten tail; those
 * dispatches stay open and recovery settles them (see sender.ts).
 */
export class StatusWriter {
  private queue: Array<{ d: Finishing; result: FinalStatus }> = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly onError: (err: unknown) => void,
    private readonly maxBatch = 500,
    private readonly delayMs = 500
  ) {}

  update(d: Finishing, result: FinalStatus): void {
    this.queue.push({ d, result });
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
    if (batch.length > 0)
      this.writing = this.writing.then(() => this.write(batch).catch((err: unknown) => this.onError(err)));
    return this.writing;
  }

  private async write(batch: Array<{ d: Finishing; result: FinalStatus }>): Promise<void> {
    const now = clock.now();
    await insertManyUnique(
      DispatchResult,
      batch.map(({ d, result }) => ({
        _id: d._id,
        dealershipId: d.dealershipId,
        runDate: d.runDate,
        status: result.status,
        reason: result.reason ?? null,
        errcode: result.errcode ?? null,
        errmsg: result.errmsg ?? null,
        attempts: result.attempts ?? 0,
        msgid: result.msgid ?? null,
        sentAt: result.status === 'sent' ? now : null,
        at: now
      }))
    );
    const ids = batch.map((b) => b.d._id);
    await inWriteLane(() => OpenDispatch.deleteMany({ _id: op.in(ids) }));
  }
}
