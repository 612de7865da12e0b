import { SandboxControlError } from '../errors';
import type { RecordedMessage } from '../types';

/**
 * Subscribe messages: the one-time quota each accepted template gives a user, the per-second
 * send limit, and the messages sent.
 */

const quotaKey = (openid: string, templateId: string) => `${openid}\u0000${templateId}`;

export class SubscribeMessageStore {
  private quotaTable = new Map<string, number>();
  private sendTimes: number[] = [];
  private recorded: RecordedMessage[] = [];
  private nextMsgid = 2_000_000_000;

  constructor(private readonly now: () => number) {}

  /** Checks a grant's arguments (templates against `isTemplate`) before anything changes. */
  validateGrant(
    openid: string,
    templateIds: string[],
    count: number,
    isTemplate: (id: string) => boolean
  ): void {
    if (typeof openid !== 'string' || openid === '') throw new SandboxControlError('openid is required');
    if (!Array.isArray(templateIds) || templateIds.length === 0)
      throw new SandboxControlError('templateIds: give at least one');
    if (!Number.isInteger(count) || count < 1)
      throw new SandboxControlError('count must be a positive integer');
    for (const id of templateIds) {
      if (!isTemplate(id)) throw new SandboxControlError(`unknown template ${id}`);
    }
  }

  /** Adds `count` quota per template; answers the new quotas. */
  grant(openid: string, templateIds: string[], count: number): Record<string, number> {
    const out: Record<string, number> = {};
    for (const id of templateIds) {
      const n = this.quota(openid, id) + count;
      this.quotaTable.set(quotaKey(openid, id), n);
      out[id] = n;
    }
    return out;
  }

  quota(openid: string, templateId: string): number {
    return this.quotaTable.get(quotaKey(openid, templateId)) ?? 0;
  }

  quotas(openid: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [key, n] of this.quotaTable) {
      const [o, t] = key.split('\u0000');
      if (o === openid) out[t] = n;
    }
    return out;
  }

  spendQuota(openid: string, templateId: string): boolean {
    const n = this.quota(openid, templateId);
    if (n <= 0) return false;
    this.quotaTable.set(quotaKey(openid, templateId), n - 1);
    return true;
  }

  /** True when one more send fits in `rate` per second (sliding window); no rate: always. */
  admitSend(rate: number | undefined): boolean {
    if (rate === undefined) return true;
    const now = this.now();
    let drop = 0;
    while (drop < this.sendTimes.length && now - this.sendTimes[drop] >= 1000) drop++;
    if (drop > 0) this.sendTimes.splice(0, drop);
    if (this.sendTimes.length >= rate) return false;
    this.sendTimes.push(now);
    return true;
  }

  /** Forgets the sends counted against the rate (the rate changed). */
  resetRateWindow(): void {
    this.sendTimes = [];
  }

  record(msg: Omit<RecordedMessage, 'msgid' | 'sentAt'>): RecordedMessage {
    const rec: RecordedMessage = { ...msg, msgid: this.nextMsgid++, sentAt: this.now() };
    this.recorded.push(rec);
    return rec;
  }

  messages(filter: { touser?: string; template_id?: string } = {}): RecordedMessage[] {
    return this.recorded
      .filter(
        (m) =>
          (filter.touser === undefined || m.touser === filter.touser) &&
          (filter.template_id === undefined || m.template_id === filter.template_id)
      )
      .map((m) => structuredClone(m));
  }

  clearMessages(): void {
    this.recorded = [];
  }

  /** Forgets quotas, the rate window and the messages (the message ids keep counting). */
  clear(): void {
    this.quotaTable.clear();
    this.sendTimes = [];
    this.recorded = [];
  }
}
