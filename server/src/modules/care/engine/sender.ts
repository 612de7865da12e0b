import type { Types } from 'mongoose';
import { liveInstances, instanceId } from '../../../lib/jobs/instance';
import { sharedBucket, sleep } from '../../../lib/jobs/pace';
import type { TokenBucket } from '../../../lib/jobs/token-bucket';
import { insertManyUnique } from '../../../lib/jobs/unique-insert';
import type { Logger } from '../../../lib/logger';
import { op } from '../../../lib/query';
import type { SendOutcome, WechatClient } from '../../../lib/wechat/client';
import { spendGrants } from '../../subscriptions/subscription.service';
import { DispatchResult, SendClaim } from '../care-dispatch.model';
import { StatusWriter, type FinalStatus, type Finishing } from './status-writer';

/**
 * WeChat subscribe sends for care dispatches: claim, spend a consent, call, record. Paced by
 * a token bucket; busy (-1, 45009) and 5xx are retried with backoff.
 *
 * Once-only. A dispatch is called only under a send claim (unique `<dispatch>#<generation>`),
 * taken in chunks of about a second of sends just before the calls: the claim is the
 * "sending" mark. A later generation is taken only when the holder's instance stopped
 * beating. A stopped holder's dispatch that is still `pending` is in the crash window:
 * WeChat may or may not have accepted the call, and WeChat offers no way to ask. The
 * decision: resend only when the owner has no other unspent consent for the template.
 * WeChat's one-time quota then makes the resend safe: if the first call went through it
 * spent the owner's last quota and the resend is refused with 43101 (recorded `sent`,
 * reason `assumed_delivered`); if it did not, the resend delivers. With spare consents a
 * resend could deliver twice, so the dispatch is recorded `failed` / `outcome_unknown`:
 * at most once wins over at least once, as a customer must never get the same greeting
 * twice. Timeouts inside a run follow the same rule. Either way WeChat never delivers more
 * messages than the owner granted.
 */

export interface DispatchForSend {
  _id: string;
  dealershipId: Types.ObjectId;
  runDate: string;
  ownerId: Types.ObjectId | null;
  openid: string | null;
  templateId: string | null;
  page: string | null;
  data: unknown;
}

interface PushTask {
  d: DispatchForSend;
  claimId: string;
  openid: string;
  templateId: string;
  page: string | null;
  data: Record<string, { value: string }>;
  /** An earlier call's outcome is unknown: a 43101 now means that call delivered. */
  resend: boolean;
  spare: number;
}

interface Want {
  d: DispatchForSend;
  generation: number;
  /** A stopped holder claimed it before: its call may have reached WeChat. */
  takeover: boolean;
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
  /** Due and to be sent by this instance, not yet claimed; `fresh` were planned by this run. */
  private queue: Array<{ d: DispatchForSend; fresh: boolean }> = [];
  /** Claimed and paid for, waiting for a token. */
  private ready: PushTask[] = [];
  private claiming = 0;
  private active = 0;
  private waiters: Array<() => void> = [];

  constructor(private readonly opts: SenderOptions) {
    this.bucket = sharedBucket(opts.ratePerSecond);
    this.concurrency = opts.concurrency ?? Math.max(4, Math.min(128, Math.ceil(opts.ratePerSecond / 4)));
    this.highWater = Math.max(1000, this.concurrency * 4);
    // About a second of sends per claim round: fewer, larger writes (FerretDB pays per call).
    this.chunkSize = Math.max(4, Math.min(500, Math.ceil(opts.ratePerSecond)));
    this.writer = new StatusWriter((err) => opts.logger.error({ err }, 'could not record dispatch statuses'));
  }

  /** Records a final status (buffered) and counts it. */
  finish(d: Finishing, result: FinalStatus): void {
    this.writer.update(d, result);
    this.opts.count(result.status);
  }

  /**
   * Queues WeChat sends. `fresh` ids were inserted by this run a moment ago, so nobody can
   * hold a claim or a consent for them yet (saves two lookups per batch). Waits while the
   * queue is full, so memory stays flat.
   */
  async submit(
    dispatches: readonly DispatchForSend[],
    fresh: ReadonlySet<string> = new Set()
  ): Promise<void> {
    for (const d of dispatches) this.queue.push({ d, fresh: fresh.has(d._id) });
    this.pump();
    while (this.pending() > this.highWater) await new Promise<void>((r) => this.waiters.push(r));
  }

  /** Resolves when every queued call has finished and its status is stored. */
  async drain(): Promise<void> {
    while (this.pending() > 0) await new Promise<void>((r) => this.waiters.push(r));
    await this.writer.flush();
  }

  private pending(): number {
    return this.queue.length + this.ready.length + this.active + this.claiming;
  }

  private async release(claimIds: string[]): Promise<void> {
    if (claimIds.length)
      await SendClaim.deleteMany({ _id: op.in(claimIds), instanceId }).catch(() => undefined);
  }

  /** Claims the next chunk (the sending mark), spends its consents and readies the calls. */
  private async claimNext(): Promise<void> {
    const chunk = this.queue.splice(0, this.chunkSize);
    this.claiming += chunk.length;
    let won: Want[] = [];
    try {
      won = await this.claim(chunk);
      await this.pay(won, new Set(chunk.filter((c) => c.fresh).map((c) => c.d._id)));
    } catch (err) {
      // Give the claims back so a later pass can send these; a live holder is never overtaken.
      this.opts.logger.error({ err }, 'could not claim sends; they stay pending for the next pass');
      await this.release(won.map((w) => claimOf(w.d._id, w.generation)));
    } finally {
      this.claiming -= chunk.length;
      this.pump();
      this.wake();
    }
  }

  private async claim(chunk: Array<{ d: DispatchForSend; fresh: boolean }>): Promise<Want[]> {
    const known = chunk.filter((c) => !c.fresh).map((c) => c.d._id);
    const claims = known.length ? await SendClaim.find({ dispatchId: op.in(known) }).lean() : [];
    const latest = new Map<string, { generation: number; instanceId: string }>();
    for (const c of claims)
      if ((latest.get(c.dispatchId)?.generation ?? 0) < c.generation) latest.set(c.dispatchId, c);
    const live = await liveInstances([...latest.values()].map((c) => c.instanceId));
    const wants: Want[] = [];
    for (const { d } of chunk) {
      const last = latest.get(d._id);
      if (!last) wants.push({ d, generation: 1, takeover: false });
      else if (live.has(last.instanceId)) this.opts.count('heldElsewhere');
      else wants.push({ d, generation: last.generation + 1, takeover: true });
    }
    const claimedAt = new Date();
    const inserted = await insertManyUnique(
      SendClaim,
      wants.map((w) => ({
        _id: claimOf(w.d._id, w.generation),
        dispatchId: w.d._id,
        generation: w.generation,
        instanceId,
        claimedAt
      }))
    );
    const won = wants.filter((_, i) => inserted[i]);
    // A takeover is decided on the dispatch as it is now: the stopped holder may have
    // finished it after the caller read it. The holder is gone, so this read is final.
    const takeovers = won.filter((w) => w.takeover).map((w) => w.d._id);
    if (takeovers.length === 0) return won;
    const finished = new Set(
      (await DispatchResult.find({ _id: op.in(takeovers) }, { _id: 1 }).lean()).map((r) => String(r._id))
    );
    return won.filter((w) => !finished.has(w.d._id));
  }

  private async pay(won: Want[], fresh: ReadonlySet<string>): Promise<void> {
    const spent = await spendGrants(
      won.map((w) => ({
        dispatchId: w.d._id,
        ownerId: w.d.ownerId as Types.ObjectId,
        templateId: w.d.templateId as string
      })),
      fresh
    );
    for (const w of won) {
      const grant = spent.get(w.d._id);
      const claimId = claimOf(w.d._id, w.generation);
      if (!grant) this.finish(w.d, { status: 'inbox_only', reason: 'no_quota' });
      else if (w.takeover && grant.spare > 0)
        this.finish(w.d, { status: 'failed', reason: 'outcome_unknown' });
      else {
        const { openid, templateId, page, data } = w.d;
        this.ready.push({
          d: w.d,
          claimId,
          openid: openid as string,
          templateId: templateId as string,
          page,
          data: data as PushTask['data'],
          resend: w.takeover,
          spare: grant.spare
        });
      }
    }
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private pump(): void {
    if (this.claiming === 0 && this.queue.length > 0 && this.ready.length < this.chunkSize)
      void this.claimNext();
    while (this.active < this.concurrency && this.ready.length > 0) {
      const task = this.ready.shift() as PushTask;
      this.active++;
      void this.send(task)
        .catch((err: unknown) => {
          this.opts.logger.error({ err, dispatch: task.d._id }, 'send failed unexpectedly');
          this.finish(task.d, { status: 'failed', reason: 'wechat_error', errmsg: String(err) });
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
      const r: SendOutcome = await this.opts.wechat.sendSubscribeMessage({
        touser: task.openid,
        templateId: task.templateId,
        page: task.page,
        data: task.data
      });
      if (r.ok) return this.finish(task.d, { status: 'sent', attempts, msgid: r.msgid });
      const error = { attempts, errcode: r.errcode, errmsg: r.errmsg.replace(/^subscribe_send: /, '') };
      if (r.errcode === 43101) {
        // No retry: the consent is spent either way (WeChat says none is left).
        return this.finish(
          task.d,
          resend
            ? { status: 'sent', reason: 'assumed_delivered', ...error }
            : { status: 'inbox_only', reason: 'no_quota', ...error }
        );
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
      return this.finish(task.d, { status: 'failed', reason, ...error });
    }
  }
}
