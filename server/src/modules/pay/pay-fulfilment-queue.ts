import type { Logger } from '../../lib/logger';
import { applyReceipts, RECEIPT_BATCH } from './pay-receipt-worker';
import type { PayReceiptBatchRecord } from './pay-receipt.model';

/**
 * The in-process fulfilment queue: receipts just stored are applied at once, one batch after
 * another. WeChat's answers come first: while receipts are being written (a burst of
 * notifications) the worker waits for a quiet moment before each receipt — its updates would
 * otherwise hold the database's write lock the receipts' inserts wait for — but never lets a
 * receipt wait longer than MAX_DELAY_MS for that.
 */

/** No receipt write for this long: the burst has paused. */
const QUIET_MS = 15;
/** A receipt waits at most this long for a quiet moment. */
const MAX_DELAY_MS = 1_000;
const POLL_MS = 5;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Waiting {
  doc: PayReceiptBatchRecord;
  at: number;
}

class FulfilmentQueue {
  private waiting: Waiting[] = [];
  private running: Promise<void> | null = null;
  private logger: Logger | undefined;
  private receiptWrites = 0;
  private lastReceiptWrite = 0;

  useLogger(logger: Logger): void {
    this.logger = logger;
  }

  /** Runs a receipt write, which the worker gives way to. */
  async receiptWrite<T>(write: () => Promise<T>): Promise<T> {
    this.receiptWrites += 1;
    try {
      return await write();
    } finally {
      this.receiptWrites -= 1;
      this.lastReceiptWrite = Date.now();
    }
  }

  /** Hands in batch documents just stored. */
  add(docs: readonly PayReceiptBatchRecord[]): void {
    if (docs.length === 0) return;
    const at = Date.now();
    this.waiting.push(...docs.map((doc) => ({ doc, at })));
    this.kick();
  }

  /** Resolves once everything handed in is applied (or failed). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private kick(): void {
    if (this.running) return;
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.waiting.length > 0) this.kick(); // handed in while the last batch was finishing
    });
  }

  private busyWithReceipts(): boolean {
    return this.receiptWrites > 0 || Date.now() - this.lastReceiptWrite < QUIET_MS;
  }

  private async giveWay(oldest: number): Promise<void> {
    while (this.busyWithReceipts() && Date.now() - oldest < MAX_DELAY_MS) await sleep(POLL_MS);
  }

  /** How many waiting documents hold about RECEIPT_BATCH receipts (at least one). */
  private docsForOneBatch(): number {
    let receipts = 0;
    let n = 0;
    while (n < this.waiting.length && receipts < RECEIPT_BATCH)
      receipts += this.waiting[n++]!.doc.receipts.length;
    return Math.max(n, 1);
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.docsForOneBatch());
      const oldest = batch[0]!.at;
      await this.giveWay(oldest); // before the batch's read of its orders too
      await applyReceipts(
        batch.map((w) => w.doc),
        { logger: this.logger, pace: () => this.giveWay(oldest) }
      ).catch((err: unknown) =>
        this.logger?.error({ err }, 'pay receipts not applied; the pay-receipts job retries')
      );
    }
  }
}

export const fulfilmentQueue = new FulfilmentQueue();
