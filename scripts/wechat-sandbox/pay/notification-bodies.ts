import type { PayKeys } from '../../pay-keys';
import { chinaTime, encryptResource } from './crypto';
import { newNotificationId } from './ids';
import type { OutgoingNotification } from './notifier';
import { presentTrade, refundResource } from './present';
import type { Refund, RefundOutcome, Trade } from './types';

/**
 * The bodies of WeChat Pay's notifications: the event with its resource encrypted under the
 * APIv3 key. A paid trade's TRANSACTION.SUCCESS body is made once and reused by retries and
 * duplicates (same notification id), as WeChat does.
 */

const REFUND_SUMMARY: Record<RefundOutcome, string> = {
  SUCCESS: '退款成功',
  ABNORMAL: '退款异常',
  CLOSED: '退款关闭'
};

type Unsent = Omit<OutgoingNotification, 'purpose'>;

export class NotificationBodies {
  /** The TRANSACTION.SUCCESS body of each paid trade, reused by retries and duplicates. */
  private readonly paymentBodies = new Map<string, { id: string; body: string }>();

  constructor(
    private readonly keys: PayKeys,
    private readonly now: () => number
  ) {}

  payment(trade: Trade): Unsent & { outTradeNo: string } {
    let stored = this.paymentBodies.get(trade.outTradeNo);
    if (!stored) {
      const id = newNotificationId();
      const body = this.body(id, 'TRANSACTION.SUCCESS', '支付成功', 'transaction', presentTrade(trade));
      stored = { id, body };
      this.paymentBodies.set(trade.outTradeNo, stored);
    }
    return {
      ...stored,
      eventType: 'TRANSACTION.SUCCESS',
      notifyUrl: trade.notifyUrl,
      outTradeNo: trade.outTradeNo
    };
  }

  /** The REFUND.<outcome> notification of a settled refund that named a notify URL. */
  refund(refund: Refund & { notifyUrl: string }, outcome: RefundOutcome): Unsent {
    const eventType = `REFUND.${outcome}`;
    const resource = refundResource(refund, this.keys.mchid);
    const id = newNotificationId();
    return {
      id,
      eventType,
      notifyUrl: refund.notifyUrl,
      outTradeNo: refund.outTradeNo,
      outRefundNo: refund.outRefundNo,
      body: this.body(id, eventType, REFUND_SUMMARY[outcome], 'refund', resource)
    };
  }

  /** WeChat's signature probe (its id and out_trade_no are SIGNTEST). */
  probe(notifyUrl: string): Unsent {
    const resource = {
      mchid: this.keys.mchid,
      appid: this.keys.appid,
      out_trade_no: 'SIGNTEST',
      trade_state: 'SUCCESS'
    };
    const body = this.body(newNotificationId(), 'TRANSACTION.SUCCESS', '支付成功', 'transaction', resource);
    return { id: 'SIGNTEST', eventType: 'TRANSACTION.SUCCESS', notifyUrl, body };
  }

  clear(): void {
    this.paymentBodies.clear();
  }

  private body(
    id: string,
    eventType: string,
    summary: string,
    originalType: 'transaction' | 'refund',
    resource: object
  ): string {
    return JSON.stringify({
      id,
      create_time: chinaTime(this.now()),
      resource_type: 'encrypt-resource',
      event_type: eventType,
      summary,
      resource: {
        original_type: originalType,
        ...encryptResource(this.keys.apiV3Key, JSON.stringify(resource), originalType)
      }
    });
  }
}
