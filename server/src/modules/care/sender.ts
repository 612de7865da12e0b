import type { Types } from 'mongoose';
import { clock } from '../../lib/clock';
import { liveInstances, instanceId } from '../../lib/jobs/instance';
import { sharedBucket, sleep } from '../../lib/jobs/pace';
import type { TokenBucket } from '../../lib/jobs/token-bucket';
import { insertManyUnique } from '../../lib/jobs/unique-insert';
import type { Logger } from '../../lib/logger';
import { op } from '../../lib/query';
import type { SendOutcome, WechatClient } from '../../lib/wechat/client';
import { spendGrants } from '../subscriptions/subscription.service';
import { CareDispatch, SendClaim, SendMark, SendOutcomeRecord } from './care-dispatch.model';
import { StatusWriter, type DispatchUpdate } from './status-writer';

/**
 * WeChat subscribe sends for care dispatches: claim, spend a consent, mark, call, record.
 * Paced by a token bucket; busy (-1, 45009) and 5xx are retried with backoff.
 *
 * Once-only. A dispatch is sent only under a send claim (unique `<dispatch>#<generation>`);
 * a later generation is taken only when the holder's instance stopped beating. Just before
 * the call (in chunks of ~200 ms of sends) the claim gets a "sending" mark, and right
 * after it an outcome record, both unique inserts keyed by the claim. A stopped holder's
 * claim with an outcome is finished from it; without a mark it was never called and is
 * sent normally. With a mark and no outcome it is in the crash window: WeChat may or may
 * not have accepted it, and WeChat offers no way to ask. The decision: resend only when
 * the owner has no other unspent consent for the template. WeChat's one-time quota then
 * makes the resend safe: if the first call went through it spent the owner's last quota
 * and the resend is refused with 43101 (recorded `sent`, reason `assumed_delivered`); if
 * it did not, the resend delivers. With spare consents a resend could deliver twice, so the
 * dispatch is recorded `failed` / `outcome_unknown`: at most once wins over at least once,
 * a customer must never get the same greeting twice. Timeouts inside a run follow the same
 * rule. Either way WeChat never delivers more messages than the owner granted.
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
  claimId: string;
  openid: string;
  templateId: string;
  page: string | null;
  data: Record<string, { value: string }>;
  /** An earlier call's outcome is unknown: a 43101 now means that call delivered. */
  resend: boolean;
  spare: number;
}

interface Won {
  d: DispatchForSend;
  generation: number;
  /** The previous (stopped) holder's claim, for a takeover. */
  previous: string | null;
}

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
const claimOf = (id: string, generation: number) => `${id}#${generation}`;

export class CareSender {
  readonly writer: StatusWriter;
  private readonly bucket: TokenBucket;
  private readonly concurrency: number;
  private readonly highWater: number;
  private readonly chunkSize: number;
  /** Claimed and paid for, not yet marked. */
  private queue: PushTask[] = [];
  /** Marked, waiting for a token. */
  private ready: PushTask[] = [];
  private marking = 0;
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
  finish(id: string, set: DispatchUpdate & { status: string }, outcome?: { claimId: string; msgid?: string | null }): void {
    this.writer.update(id, set, outcome);
    this.opts.count(set.status);
  }

  /** Claims, spends and queues the calls. Waits while the queue is full (memory stays flat). */
  async submit(dispatches: readonly DispatchForSend[]): Promise<void> {
    if (dispatches.length === 0) return;
    let t = Date.now();
    const lap = (what: string) => { const n = Date.now(); console.error('PROF', what, n - t); t = n; };
    const claims = await SendClaim.find({ dispatchId: op.in(dispatches.map((d) => d._id)) }).lean();
    const latest = new Map<string, { generation: number; instanceId: string }>();
    for (const c of claims) if ((latest.get(c.dispatchId)?.generation ?? 0) < c.generation) latest.set(c.dispatchId, c);
    const live = await liveInstances([...latest.values()].map((c) => c.instanceId));
    const wants: Won[] = [];
    for (const d of dispatches) {
      const last = latest.get(d._id);
      if (!last) wants.push({ d, generation: 1, previous: null });
      else if (live.has(last.instanceId)) this.opts.count('heldElsewhere');
      else wants.push({ d, generation: last.generation + 1, previous: claimOf(d._id, last.generation) });
    }
    const claimedAt = new Date();
    const won = await insertManyUnique(
      SendClaim,
      wants.map((w) => ({ _id: claimOf(w.d._id, w.generation), dispatchId: w.d._id, generation: w.generation, instanceId, claimedAt }))
    );
    const winners = wants.filter((_, i) => won[i]);
    lap('claims');
    try {
      await this.payAndQueue(winners);
      lap('pay');
    } catch (err) {
      // Give the claims back so a later pass can send these; a live holder is never overtaken.
      await this.release(winners.map((w) => claimOf(w.d._id, w.generation)));
      throw err;
    }
    while (this.pending() > this.highWater) await new Promise<void>((r) => this.waiters.push(r));
    lap('backpressure');
  }

  /** Resolves when every queued call has finished and its status is stored. */
  async drain(): Promise<void> {
    while (this.pending() > 0) await new Promise<void>((r) => this.waiters.push(r));
    await this.writer.flush();
  }

  private pending(): number {
    return this.queue.length + this.ready.length + this.active + this.marking;
  }

  private async release(claimIds: string[]): Promise<void> {
    if (claimIds.length) await SendClaim.deleteMany({ _id: op.in(claimIds), instanceId }).catch(() => undefined);
  }

  /**
   * Takeovers are decided on what the stopped holder left, read after winning the claim
   * (the holder is gone, so nothing changes any more): a final status or an outcome ends
   * it; a mark without an outcome puts it in doubt.
   */
  private async takeovers(winners: Won[]): Promise<{ done: Set<string>; inDoubt: Set<string> }> {
    const previous = winners.flatMap((w) => (w.previous ? [w.previous] : []));
    if (previous.length === 0) return { done: new Set(), inDoubt: new Set() };
    const ids = winners.filter((w) => w.previous).map((w) => w.d._id);
    const [docs, outcomes, marks] = await Promise.all([
      CareDispatch.find({ _id: op.in(ids) }, { status: 1 }).lean(),
      SendOutcomeRecord.find({ _id: op.in(previous) }).lean(),
      SendMark.find({ _id: op.in(previous) }, { _id: 1 }).lean()
    ]);
    const done = new Set(docs.filter((d) => d.status !== 'pending' && d.status !== 'sending').map((d) => String(d._id)));
    for (const o of outcomes) {
      if (done.has(o.dispatchId)) continue;
      this.finish(o.dispatchId, o.set as DispatchUpdate & { status: string });
      done.add(o.dispatchId);
    }
    const inDoubt = new Set(marks.map((m) => String(m._id).replace(/#\d+$/, '')).filter((id) => !done.has(id)));
    return { done, inDoubt };
  }

  private async payAndQueue(all: Won[]): Promise<void> {
    const { done, inDoubt } = await this.takeovers(all);
    const winners = all.filter((w) => !done.has(w.d._id));
    const spent = await spendGrants(winners.map((w) => ({ dispatchId: w.d._id, ownerId: w.d.ownerId as Types.ObjectId, templateId: w.d.templateId as string })));
    for (const w of winners) {
      const grant = spent.get(w.d._id);
      const claimId = claimOf(w.d._id, w.generation);
      const doubt = inDoubt.has(w.d._id);
      if (!grant) this.finish(w.d._id, { status: 'inbox_only', reason: 'no_quota', claimId });
      else if (doubt && grant.spare > 0) this.finish(w.d._id, { status: 'failed', reason: 'outcome_unknown', claimId, grantId: grant.grantId });
      else {
        const { _id: id, openid, templateId, page, data } = w.d;
        this.queue.push({ id, claimId, openid: openid as string, templateId: templateId as string, page, data: data as PushTask['data'], resend: doubt, spare: grant.spare });
      }
    }
    this.pump();
  }

  /** Marks the next chunk just before its calls, so after a crash only it and the calls in flight are in doubt. */
  private async markNext(): Promise<void> {
    const chunk = this.queue.splice(0, this.chunkSize);
    this.marking += chunk.length;
    try {
      const at = new Date();
      const t0 = Date.now();
      await insertManyUnique(SendMark, chunk.map((t) => ({ _id: t.claimId, dispatchId: t.id, at })));
      console.error('PROF mark', Date.now() - t0, chunk.length);
      this.ready.push(...chunk);
    } catch (err) {
      this.opts.logger.error({ err }, 'could not mark sends; they stay pending for the next pass');
      await this.release(chunk.map((t) => t.claimId));
    } finally {
      this.marking -= chunk.length;
      this.pump();
      this.wake();
    }
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private pump(): void {
    if (this.marking === 0 && this.queue.length > 0 && this.ready.length < this.chunkSize) void this.markNext();
    while (this.active < this.concurrency && this.ready.length > 0) {
      const task = this.ready.shift() as PushTask;
      this.active++;
      void this.send(task)
        .catch((err: unknown) => {
          this.opts.logger.error({ err, dispatch: task.id }, 'send failed unexpectedly');
          this.finish(task.id, { status: 'failed', reason: 'wechat_error', errmsg: String(err) }, { claimId: task.claimId });
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
    const outcome = (msgid: string | null = null) => ({ claimId: task.claimId, msgid });
    for (let attempts = 1; ; attempts++) {
      await this.bucket.take();
      const r: SendOutcome = await this.opts.wechat.sendSubscribeMessage({ touser: task.openid, templateId: task.templateId, page: task.page, data: task.data });
      if (r.ok) return this.finish(task.id, { status: 'sent', reason: null, attempts, errcode: null, errmsg: null }, outcome(r.msgid));
      const error = { attempts, errcode: r.errcode, errmsg: r.errmsg.replace(/^subscribe_send: /, '') };
      if (r.errcode === 43101) {
        // No retry: the consent is spent either way (WeChat says none is left).
        return this.finish(task.id, resend ? { status: 'sent', reason: 'assumed_delivered', ...error } : { status: 'inbox_only', reason: 'no_quota', ...error }, outcome());
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
      return this.finish(task.id, { status: 'failed', reason, ...error }, outcome());
    }
  }
}
