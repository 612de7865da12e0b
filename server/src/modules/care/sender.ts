import type { Types } from 'mongoose';
import { clock } from '../../lib/clock';
import { liveInstances, instanceId } from '../../lib/jobs/instance';
import { inUpdateChunks } from '../../lib/jobs/bulk-write';
import { sharedBucket, sleep } from '../../lib/jobs/pace';
import type { TokenBucket } from '../../lib/jobs/token-bucket';
import { insertManyUnique } from '../../lib/jobs/unique-insert';
import type { Logger } from '../../lib/logger';
import { op } from '../../lib/query';
import type { SendOutcome, WechatClient } from '../../lib/wechat/client';
import { spendGrants } from '../subscriptions/subscription.service';
import { CareDispatch, SendClaim } from './care-dispatch.model';
import { StatusWriter, type DispatchUpdate } from './status-writer';

/**
 * WeChat subscribe sends for care dispatches: claim, spend a consent, mark `sending`, call,
 * record. Paced by a token bucket; busy (-1, 45009) and 5xx are retried with backoff.
 *
 * Once-only. A dispatch is sent only under a send claim (unique `<dispatch>#<generation>`);
 * a later generation is taken only when the holder's instance stopped beating. The status
 * `sending` is written (and awaited) before the call — in chunks of about 200 ms of sends,
 * just ahead of them — so a dispatch found `pending` was never sent. One found `sending`
 * whose holder died is in the crash window: WeChat may or
 * may not have accepted it, and WeChat has no way to ask. The decision: resend it only when
 * the owner has no other unspent consent for the template. WeChat's one-time quota then
 * makes the resend safe: if the first call went through it spent the owner's last quota
 * and the resend is refused with 43101 (recorded `sent`, reason `assumed_delivered`);
 * if it did not, the resend delivers. With spare consents a resend could deliver twice,
 * so the dispatch is recorded `failed` / `outcome_unknown` instead: at most once wins over
 * at least once, as a customer must never get the same greeting twice. Timeouts inside a
 * run follow the same rule. Either way WeChat never delivers more messages than consents.
 */

export interface DispatchForSend {
  _id: string;
  status: string;
  ownerId: Types.ObjectId | null;
  openid: string | null;
  templateId: string | null;
  page: string | null;
  data: unknown;
}

interface PushTask {
  id: string;
  openid: string;
  templateId: string;
  page: string | null;
  data: Record<string, { value: string }>;
  /** The earlier call's outcome is unknown: a 43101 now means that call delivered. */
  resend: boolean;
  spare: number;
}

type Queued = PushTask & { claimId: string; grantId: string };

export interface SenderOptions {
  wechat: WechatClient;
  logger: Logger;
  ratePerSecond: number;
  maxAttempts: number;
  retryBaseMs: number;
  concurrency?: number;
  count(key: string, n?: number): void;
}

const BUSY = new Set([-1, 45009]);

export class CareSender {
  readonly writer: StatusWriter;
  private readonly bucket: TokenBucket;
  private readonly concurrency: number;
  private readonly highWater: number;
  /** Claimed and paid for, still `pending`. */
  private queue: Queued[] = [];
  /** Marked `sending`, waiting for a token. */
  private ready: Queued[] = [];
  private readonly chunkSize: number;
  private marking = 0;
  private markingNow = false;
  private active = 0;
  private waiters: Array<() => void> = [];

  constructor(private readonly opts: SenderOptions) {
    this.bucket = sharedBucket(opts.ratePerSecond);
    this.concurrency = opts.concurrency ?? Math.max(4, Math.min(128, Math.ceil(opts.ratePerSecond / 4)));
    this.highWater = Math.max(1000, this.concurrency * 4);
    this.chunkSize = Math.max(4, Math.ceil(opts.ratePerSecond / 5));
    this.writer = new StatusWriter((err) => opts.logger.error({ err }, 'could not record dispatch statuses'));
  }

  /** Records a final status (buffered) and counts it. */
  finish(id: string, set: DispatchUpdate & { status: string }): void {
    this.writer.update(id, set);
    this.opts.count(set.status);
  }

  /** Claims, spends and marks `sending`; then queues the calls. Waits while the queue is full. */
  async submit(dispatches: readonly DispatchForSend[]): Promise<void> {
    if (dispatches.length === 0) return;
    const claims = await SendClaim.find({ dispatchId: op.in(dispatches.map((d) => d._id)) }).lean();
    const latest = new Map<string, { generation: number; instanceId: string }>();
    for (const c of claims) if ((latest.get(c.dispatchId)?.generation ?? 0) < c.generation) latest.set(c.dispatchId, c);
    const live = await liveInstances([...latest.values()].map((c) => c.instanceId));
    const wants: Array<{ d: DispatchForSend; generation: number; interrupted: boolean }> = [];
    for (const d of dispatches) {
      const last = latest.get(d._id);
      if (!last) wants.push({ d, generation: 1, interrupted: false });
      else if (live.has(last.instanceId)) this.opts.count('heldElsewhere');
      else wants.push({ d, generation: last.generation + 1, interrupted: d.status === 'sending' });
    }
    const claimedAt = new Date();
    const won = await insertManyUnique(
      SendClaim,
      wants.map((w) => ({ _id: `${w.d._id}#${w.generation}`, dispatchId: w.d._id, generation: w.generation, instanceId, claimedAt }))
    );
    const winners = await this.current(wants.filter((_, i) => won[i]));
    try {
      await this.payAndQueue(winners);
    } catch (err) {
      // Give the claims back so a later pass can send these; a live holder is never overtaken.
      await this.release(winners.map((w) => `${w.d._id}#${w.generation}`));
      throw err;
    }
    while (this.pendingCount() > this.highWater) await new Promise<void>((r) => this.waiters.push(r));
  }

  /**
   * A takeover (generation > 1) decides on the dispatch as it is now, not as the caller
   * read it: the stopped holder may have finished it meanwhile (a concurrent run's snapshot
   * is older than the holder's last write). The holder is gone, so this read is final.
   */
  private async current<T extends { d: DispatchForSend; generation: number; interrupted: boolean }>(winners: T[]): Promise<T[]> {
    const takeovers = winners.filter((w) => w.generation > 1);
    if (takeovers.length === 0) return winners;
    const now = await CareDispatch.find({ _id: op.in(takeovers.map((w) => w.d._id)) }, { status: 1 }).lean();
    const status = new Map(now.map((d) => [String(d._id), d.status]));
    return winners.flatMap((w) => {
      if (w.generation === 1) return [w];
      const s = status.get(w.d._id);
      return s === 'pending' || s === 'sending' ? [{ ...w, interrupted: s === 'sending' }] : [];
    });
  }

  private async release(claimIds: string[]): Promise<void> {
    if (claimIds.length) await SendClaim.deleteMany({ _id: op.in(claimIds), instanceId }).catch(() => undefined);
  }

  private async payAndQueue(winners: Array<{ d: DispatchForSend; generation: number; interrupted: boolean }>): Promise<void> {
    const spent = await spendGrants(winners.map((w) => ({ dispatchId: w.d._id, ownerId: w.d.ownerId as Types.ObjectId, templateId: w.d.templateId as string })));
    const go: Queued[] = [];
    for (const w of winners) {
      const grant = spent.get(w.d._id);
      const claimId = `${w.d._id}#${w.generation}`;
      if (!grant) this.finish(w.d._id, { status: 'inbox_only', reason: 'no_quota', claimId });
      else if (w.interrupted && grant.spare > 0) this.finish(w.d._id, { status: 'failed', reason: 'outcome_unknown', claimId, grantId: grant.grantId });
      else {
        const task = { id: w.d._id, openid: w.d.openid as string, templateId: w.d.templateId as string, page: w.d.page, data: w.d.data as PushTask['data'] };
        go.push({ ...task, resend: w.interrupted, spare: grant.spare, claimId, grantId: grant.grantId });
      }
    }
    this.queue.push(...go);
    this.pump();
  }

  private pendingCount(): number {
    return this.queue.length + this.ready.length + this.active + this.marking;
  }

  /**
   * Marks the next chunk `sending` just before its calls (about 200 ms of sends), so after a
   * crash only that chunk and the calls in flight are in doubt, not the whole queue.
   */
  private async markNext(): Promise<void> {
    const chunk = this.queue.splice(0, this.chunkSize);
    this.marking += chunk.length;
    try {
      const now = clock.now();
      await inUpdateChunks(chunk, (part) =>
        CareDispatch.bulkWrite(
          part.map((t) => ({ updateOne: { filter: { _id: t.id }, update: { $set: { status: 'sending', claimId: t.claimId, grantId: t.grantId, updatedAt: now } } } })),
          { ordered: false }
        )
      );
      this.ready.push(...chunk);
    } catch (err) {
      this.opts.logger.error({ err }, 'could not mark dispatches sending; they stay pending for the next run');
      await this.release(chunk.map((t) => t.claimId));
    } finally {
      this.marking -= chunk.length;
      this.markingNow = false;
      this.pump();
      this.wake();
    }
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves when every queued call has finished and its status is stored. */
  async drain(): Promise<void> {
    while (this.pendingCount() > 0) await new Promise<void>((r) => this.waiters.push(r));
    await this.writer.flush();
  }

  private pump(): void {
    if (!this.markingNow && this.queue.length > 0 && this.ready.length < this.chunkSize) {
      this.markingNow = true;
      void this.markNext();
    }
    while (this.active < this.concurrency && this.ready.length > 0) {
      const task = this.ready.shift() as Queued;
      this.active++;
      void this.send(task)
        .catch((err: unknown) => {
          this.opts.logger.error({ err, dispatch: task.id }, 'send failed unexpectedly');
          this.finish(task.id, { status: 'failed', reason: 'wechat_error', errmsg: String(err) });
        })
        .finally(() => {
          this.active--;
          this.pump();
          this.wake();
        });
    }
  }

  private backoff(attempt: number): number {
    return Math.min(30_000, this.opts.retryBaseMs * 2 ** (attempt - 1) * (0.75 + Math.random() / 2));
  }

  private async send(task: PushTask): Promise<void> {
    let resend = task.resend;
    for (let attempts = 1; ; attempts++) {
      await this.bucket.take();
      const r: SendOutcome = await this.opts.wechat.sendSubscribeMessage({ touser: task.openid, templateId: task.templateId, page: task.page, data: task.data });
      if (r.ok) return this.finish(task.id, { status: 'sent', reason: null, msgid: r.msgid, sentAt: clock.now(), attempts, errcode: null, errmsg: null });
      const error = { attempts, errcode: r.errcode, errmsg: r.errmsg.replace(/^subscribe_send: /, '') };
      if (r.errcode === 43101) {
        // No retry: the consent is spent either way (WeChat says none is left).
        return this.finish(task.id, resend ? { status: 'sent', reason: 'assumed_delivered', sentAt: clock.now(), ...error } : { status: 'inbox_only', reason: 'no_quota', ...error });
      }
      const busy = (r.errcode !== null && BUSY.has(r.errcode)) || r.transport === 'http5xx';
      const unknown = r.errcode === null && !busy;
      const mayRetry = busy || (unknown && task.spare === 0);
      if (mayRetry && attempts < this.opts.maxAttempts) {
        resend = resend || unknown;
        this.opts.count('retries');
        await sleep(this.backoff(attempts));
        continue;
      }
      const reason = mayRetry ? 'retries_exhausted' : unknown ? 'outcome_unknown' : 'wechat_error';
      return this.finish(task.id, { status: 'failed', reason, ...error });
    }
  }
}
