import { clock } from '../../lib/clock';
import { inWriteLane } from '../../lib/jobs/write-lane';
import { op } from '../../lib/query';
import { CareDispatch } from './care-dispatch.model';

export type DispatchUpdate = Record<string, unknown>;

interface Pending {
  id: string;
  set: DispatchUpdate;
}

/**
 * Final dispatch statuses, written in bulk every ~200 ms (or 500 results) as one
 * `updateMany` per distinct status, through the write lane (FerretDB updates cost about
 * 1 ms a document and hang with many statements in flight). A crash loses at most the
 * unwritten tail; those dispatches are then settled by recovery (see sender.ts).
 */
export class StatusWriter {
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly onError: (err: unknown) => void,
    private readonly maxBatch = 500,
    private readonly delayMs = 200
  ) {}

  update(id: string, set: DispatchUpdate): void {
    this.queue.push({ id, set });
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
    if (batch.length > 0) this.writing = this.writing.then(() => this.write(batch).catch((err: unknown) => this.onError(err)));
    return this.writing;
  }

  private async write(batch: Pending[]): Promise<void> {
    const now = clock.now();
    const groups = new Map<string, { set: DispatchUpdate; ids: string[] }>();
    for (const p of batch) {
      const set = { ...p.set, ...(p.set.status === 'sent' ? { sentAt: now } : {}) };
      const key = JSON.stringify(set);
      const group = groups.get(key) ?? { set, ids: [] as string[] };
      group.ids.push(p.id);
      groups.set(key, group);
    }
    for (const { set, ids } of groups.values()) {
      await inWriteLane(() => CareDispatch.updateMany({ _id: op.in(ids) }, { $set: { ...set, updatedAt: now } }));
    }
  }
}
