/**
 * Sends notifications to the merchant's notify_url as WeChat does: a signed JSON body
 * (`Wechatpay-Timestamp/-Nonce/-Signature/-Serial`, signature over the exact bytes),
 * retried on WeChat's schedule until a 2xx answer, each retry re-signed with a fresh
 * timestamp and nonce over the same body. Every attempt and answer is recorded.
 */
import { newNonce, rsaSign, signedLines } from './crypto';
import type { NotificationAttempt, NotificationPurpose, NotificationRecord } from './types';

/** Waits between attempts after the first: 15 s, 15 s, 30 s, 3 m, 10 m, 20 m, 30 m ×3, 60 m, 3 h ×3, 6 h ×2. */
export const NOTIFY_RETRY_SCHEDULE_MS: readonly number[] = [
  15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10_800, 10_800, 10_800, 21_600, 21_600
].map((s) => s * 1000);

const SIGNTEST_PREFIX = 'WECHATPAY/SIGNTEST/';
const ANSWER_KEEP_CHARS = 2000;

export interface Signer {
  /** The platform private key. */
  privateKeyPem: string;
  /** Current `Wechatpay-Serial` (platform certificate serial or PUB_KEY_ID_…), read at each attempt. */
  serial(): string;
  /** True when the next notification's signature must be wrong (scripted fault). */
  takeBadSignature(): boolean;
}

export interface NotifierOptions {
  signer: Signer;
  timeScale: number;
  answerTimeoutMs: number;
}

export interface OutgoingNotification {
  id: string;
  purpose: NotificationPurpose;
  eventType: string;
  notifyUrl: string;
  body: string;
  outTradeNo?: string;
  outRefundNo?: string;
}

function isAcknowledged(attempt: NotificationAttempt): boolean {
  return attempt.status !== undefined && attempt.status >= 200 && attempt.status < 300;
}

export class Notifier {
  private readonly records: NotificationRecord[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private readonly idleWaiters: (() => void)[] = [];
  /** Records still waiting for an answer or a retry. */
  private readonly active = new Set<NotificationRecord>();
  private nextSeq = 1;

  constructor(private readonly opts: NotifierOptions) {}

  /** Starts a delivery (with retries until acknowledged); returns its record at once. */
  deliver(n: OutgoingNotification): NotificationRecord {
    const record = this.newRecord(n);
    this.active.add(record);
    void this.attemptDelivery(record, 0);
    return record;
  }

  /** One attempt (duplicates, probes); resolves with the record once answered. */
  async sendOnce(n: OutgoingNotification): Promise<NotificationRecord> {
    const record = this.newRecord(n);
    this.active.add(record);
    const attempt = await this.attempt(record, n.purpose === 'probe');
    if (record.status === 'pending') record.status = isAcknowledged(attempt) ? 'acknowledged' : 'refused';
    this.finish(record);
    return record;
  }

  /** Stops retrying the pending deliveries that match (a lost notification). */
  cancel(match: (r: NotificationRecord) => boolean): void {
    for (const r of [...this.active]) {
      if (r.purpose !== 'delivery' || !match(r)) continue;
      r.status = 'cancelled';
      this.finish(r);
    }
  }

  list(filter: { outTradeNo?: string; outRefundNo?: string } = {}): NotificationRecord[] {
    return this.records.filter(
      (r) =>
        (filter.outTradeNo === undefined || r.outTradeNo === filter.outTradeNo) &&
        (filter.outRefundNo === undefined || r.outRefundNo === filter.outRefundNo)
    );
  }

  /** Resolves when no delivery is waiting for an answer or a retry. */
  idle(): Promise<void> {
    if (this.active.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops every scheduled retry and aborts the attempts in flight. */
  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const c of this.inFlight) c.abort();
    for (const r of this.active) r.status = 'cancelled';
    this.active.clear();
    this.wakeIdleWaiters();
  }

  clear(): void {
    this.stop();
    this.records.length = 0;
  }

  private newRecord(n: OutgoingNotification): NotificationRecord {
    const record: NotificationRecord = {
      seq: this.nextSeq++,
      id: n.id,
      purpose: n.purpose,
      eventType: n.eventType,
      ...(n.outTradeNo === undefined ? {} : { outTradeNo: n.outTradeNo }),
      ...(n.outRefundNo === undefined ? {} : { outRefundNo: n.outRefundNo }),
      notifyUrl: n.notifyUrl,
      body: n.body,
      status: 'pending',
      attempts: []
    };
    this.records.push(record);
    return record;
  }

  private async attemptDelivery(record: NotificationRecord, retriesDone: number): Promise<void> {
    if (record.status !== 'pending') return this.finish(record);
    const attempt = await this.attempt(record, false);
    if (record.status !== 'pending') return this.finish(record);
    if (isAcknowledged(attempt)) {
      record.status = 'acknowledged';
      return this.finish(record);
    }
    const wait = NOTIFY_RETRY_SCHEDULE_MS[retriesDone];
    if (wait === undefined) {
      record.status = 'gave-up';
      return this.finish(record);
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attemptDelivery(record, retriesDone + 1);
    }, wait / this.opts.timeScale);
    this.timers.add(timer);
  }

  private async attempt(record: NotificationRecord, probe: boolean): Promise<NotificationAttempt> {
    const { signer } = this.opts;
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = newNonce();
    const badSignature = probe || signer.takeBadSignature();
    const signature = probe
      ? `${SIGNTEST_PREFIX}${rsaSign(signer.privateKeyPem, signedLines(timestamp, nonce, `probe ${record.body}`))}`
      : rsaSign(
          signer.privateKeyPem,
          signedLines(timestamp, nonce, badSignature ? `${record.body} ` : record.body)
        );
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timeout = setTimeout(() => controller.abort(new Error('timeout')), this.opts.answerTimeoutMs);
    const started = Date.now();
    const attempt: NotificationAttempt = { at: started, durationMs: 0, badSignature };
    try {
      const res = await fetch(record.notifyUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Mozilla/4.0',
          'wechatpay-timestamp': timestamp,
          'wechatpay-nonce': nonce,
          'wechatpay-signature': signature,
          'wechatpay-serial': signer.serial(),
          'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048'
        },
        body: record.body,
        signal: controller.signal
      });
      attempt.status = res.status;
      attempt.answer = (await res.text()).slice(0, ANSWER_KEEP_CHARS);
    } catch (err) {
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : err;
      attempt.error = reason instanceof Error ? reason.message : String(reason);
    } finally {
      clearTimeout(timeout);
      this.inFlight.delete(controller);
    }
    attempt.durationMs = Date.now() - started;
    record.attempts.push(attempt);
    return attempt;
  }

  private finish(record: NotificationRecord): void {
    this.active.delete(record);
    if (this.active.size === 0) this.wakeIdleWaiters();
  }

  private wakeIdleWaiters(): void {
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
