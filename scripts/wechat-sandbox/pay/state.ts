/**
 * The pay side of the sandbox: merchant keys and mode, the ledger of trades and refunds,
 * notifications, scripted faults — and the control operations that play the payer's and
 * WeChat's part (`sb.state.pay`, also reachable as `/__sandbox/pay/*`).
 */
import { X509Certificate } from 'node:crypto';
import type { PayKeys } from '../../pay-keys';
import { SandboxControlError } from '../errors';
import { chinaTime, encryptResource } from './crypto';
import { PayFaultQueue } from './faults';
import { PayLedger } from './ledger';
import { NotificationBodies } from './notification-bodies';
import { Notifier } from './notifier';
import type {
  ActivePayFault,
  NotificationRecord,
  PayFaultSpec,
  PayMode,
  PayOptions,
  Refund,
  RefundOutcome,
  Trade
} from './types';

/** A refund stays PROCESSING this long (divided by timeScale) before it settles. */
export const REFUND_SETTLE_MS = 5_000;
const MODES: readonly PayMode[] = ['certificate', 'public-key'];
const OUTCOMES: readonly RefundOutcome[] = ['SUCCESS', 'ABNORMAL', 'CLOSED'];

function controlError(message: string): never {
  throw new SandboxControlError(message);
}

export interface PayConfigView {
  mode: PayMode;
  mchid: string;
  appid: string;
  merchantSerial: string;
  platformSerial: string;
  publicKeyId: string;
  timeScale: number;
}

export class PayState {
  readonly keys: PayKeys;
  readonly ledger: PayLedger;
  readonly timeScale: number;
  private currentMode: PayMode;
  private readonly notifier: Notifier;
  private readonly faultQueue = new PayFaultQueue();
  private readonly bodies: NotificationBodies;
  private readonly scriptedOutcomes = new Map<string, RefundOutcome>();
  private readonly settleTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly options: PayOptions,
    readonly now: () => number
  ) {
    if (!MODES.includes(options.mode)) controlError(`pay.mode must be one of ${MODES.join(', ')}`);
    const timeScale = options.timeScale ?? 1;
    if (!Number.isFinite(timeScale) || timeScale <= 0)
      controlError('pay.timeScale must be a positive number');
    this.keys = options.keys;
    this.timeScale = timeScale;
    this.currentMode = options.mode;
    this.ledger = new PayLedger(now);
    this.bodies = new NotificationBodies(this.keys, now);
    this.notifier = new Notifier({
      timeScale,
      answerTimeoutMs: options.notifyTimeoutMs ?? 5_000,
      signer: {
        privateKeyPem: this.keys.platformPrivateKeyPem,
        serial: () => this.serial(),
        takeBadSignature: () => this.takeFault('notify', 'notify')?.kind === 'bad-signature'
      }
    });
  }

  // ------------------------------------------------------------- mode and signing

  get mode(): PayMode {
    return this.currentMode;
  }

  setMode(mode: PayMode): void {
    if (!MODES.includes(mode)) controlError(`mode must be one of ${MODES.join(', ')}`);
    this.currentMode = mode;
  }

  /** The `Wechatpay-Serial` answers and notifications carry in the current mode. */
  serial(): string {
    return this.currentMode === 'certificate' ? this.keys.platformSerial : this.keys.publicKeyId;
  }

  config(): PayConfigView {
    const k = this.keys;
    return {
      mode: this.currentMode,
      mchid: k.mchid,
      appid: k.appid,
      merchantSerial: k.merchantSerial,
      platformSerial: k.platformSerial,
      publicKeyId: k.publicKeyId,
      timeScale: this.timeScale
    };
  }

  /** GET /v3/certificates: the platform certificate, encrypted with the APIv3 key. */
  certificates(): object {
    const cert = new X509Certificate(this.keys.platformCertPem);
    return {
      data: [
        {
          serial_no: this.keys.platformSerial,
          effective_time: chinaTime(Date.parse(cert.validFrom)),
          expire_time: chinaTime(Date.parse(cert.validTo)),
          encrypt_certificate: encryptResource(this.keys.apiV3Key, this.keys.platformCertPem, 'certificate')
        }
      ]
    };
  }

  // ------------------------------------------------------------- the payer and WeChat

  /** The payer pays (模拟支付): trade_state SUCCESS and a TRANSACTION.SUCCESS notification. */
  complete(outTradeNo: string): Trade {
    const trade = this.payOrFail(outTradeNo);
    this.notifier.deliver({ ...this.bodies.payment(trade), purpose: 'delivery' });
    return { ...trade };
  }

  /** Pays without ever notifying the merchant (the merchant must find out by querying). */
  loseNotifications(outTradeNo: string): Trade {
    const known = this.ledger.trade(outTradeNo);
    if (known && known.state !== 'NOTPAY') {
      known.notificationsLost = true;
      this.notifier.cancel((r) => r.outTradeNo === outTradeNo);
      return { ...known };
    }
    const trade = this.payOrFail(outTradeNo);
    trade.notificationsLost = true;
    return { ...trade };
  }

  /** Sends the payment notification of a paid trade `times` more times at once (same id). */
  async duplicateNotification(outTradeNo: string, times: number): Promise<NotificationRecord[]> {
    if (!Number.isInteger(times) || times < 1 || times > 1000) controlError('times: give 1-1000');
    const trade = this.ledger.trade(outTradeNo) ?? controlError(`no order ${outTradeNo}`);
    if (!trade.transactionId) controlError(`order ${outTradeNo} is not paid`);
    const n = this.bodies.payment(trade);
    return Promise.all(
      Array.from({ length: times }, () => this.notifier.sendOnce({ ...n, purpose: 'duplicate' }))
    );
  }

  /** WeChat's signature probe: a notification whose signature starts WECHATPAY/SIGNTEST/. */
  probe(notifyUrl: string): Promise<NotificationRecord> {
    if (typeof notifyUrl !== 'string' || !/^https?:\/\//.test(notifyUrl))
      controlError('notifyUrl: give an http(s) URL');
    return this.notifier.sendOnce({ ...this.bodies.probe(notifyUrl), purpose: 'probe' });
  }

  /** Scripts how a refund ends: at once if it is PROCESSING, else when it is requested and settles. */
  refundOutcome(outRefundNo: string, outcome: RefundOutcome): Refund | undefined {
    if (!OUTCOMES.includes(outcome)) controlError(`outcome must be one of ${OUTCOMES.join(', ')}`);
    const refund = this.ledger.refund(outRefundNo);
    if (!refund) {
      this.scriptedOutcomes.set(outRefundNo, outcome);
      return undefined;
    }
    if (refund.status !== 'PROCESSING') controlError(`refund ${outRefundNo} is already ${refund.status}`);
    this.settleRefund(refund, outcome);
    return { ...refund };
  }

  /** Protocol side: a refund was accepted; it settles after REFUND_SETTLE_MS / timeScale. */
  refundAccepted(refund: Refund): void {
    const timer = setTimeout(() => {
      this.settleTimers.delete(refund.outRefundNo);
      if (refund.status === 'PROCESSING')
        this.settleRefund(refund, this.scriptedOutcomes.get(refund.outRefundNo) ?? 'SUCCESS');
    }, REFUND_SETTLE_MS / this.timeScale);
    this.settleTimers.set(refund.outRefundNo, timer);
  }

  notifications(filter: { outTradeNo?: string; outRefundNo?: string } = {}): NotificationRecord[] {
    return this.notifier.list(filter);
  }

  /** Resolves when no notification waits for an answer or a retry and no refund is settling. */
  async idle(): Promise<void> {
    while (this.settleTimers.size > 0) await new Promise((r) => setTimeout(r, 5));
    await this.notifier.idle();
  }

  transactions(): Trade[] {
    return this.ledger.allTrades().map((t) => ({ ...t }));
  }

  refunds(): Refund[] {
    return this.ledger.allRefunds().map((r) => ({ ...r }));
  }

  // ------------------------------------------------------------- faults

  fault(spec: PayFaultSpec): ActivePayFault {
    return this.faultQueue.add(spec);
  }

  faults(): ActivePayFault[] {
    return this.faultQueue.list();
  }

  clearFaults(): void {
    this.faultQueue.clear();
  }

  /** Protocol side: the next fault for this request path or its route template. */
  takeFault(path: string, template: string): ActivePayFault | undefined {
    return this.faultQueue.take(path, template);
  }

  // ------------------------------------------------------------- lifecycle

  reset(): void {
    this.stop();
    this.ledger.clear();
    this.notifier.clear();
    this.bodies.clear();
    this.scriptedOutcomes.clear();
    this.faultQueue.clear();
    this.currentMode = this.options.mode;
  }

  stop(): void {
    for (const t of this.settleTimers.values()) clearTimeout(t);
    this.settleTimers.clear();
    this.notifier.stop();
  }

  // ------------------------------------------------------------- internals

  private payOrFail(outTradeNo: string): Trade {
    const paid = this.ledger.pay(outTradeNo);
    return typeof paid === 'string' ? controlError(paid) : paid;
  }

  private settleRefund(refund: Refund, outcome: RefundOutcome): void {
    const timer = this.settleTimers.get(refund.outRefundNo);
    if (timer) clearTimeout(timer);
    this.settleTimers.delete(refund.outRefundNo);
    this.ledger.settleRefund(refund, outcome);
    if (!refund.notifyUrl) return;
    this.notifier.deliver({
      ...this.bodies.refund({ ...refund, notifyUrl: refund.notifyUrl }, outcome),
      purpose: 'delivery'
    });
  }
}
