import Taro from '@tarojs/taro'
import type { PayOrder, RequestPaymentParams, RewardItem } from '../services/api-types'
import { formatMoney } from './format'
import { IS_WEAPP } from './platform'

export { PAY_ANOMALY_LABELS, PAY_CLOSE_REASON_LABELS, PAY_CONFIRMATION_LABELS, PAY_ORDER_STATES, PAY_ORDER_STATE_LABELS } from '@dealer/shared/labels/pay'

/** The WeChat cashier exists only in the mini-program; elsewhere (H5 demo) 模拟支付 stands in. */
export const HAS_WECHAT_CASHIER = IS_WEAPP

/** Whether the shop sells this item for money (with WeChat Pay) rather than for points alone. */
export const soldForCash = (item: Pick<RewardItem, 'price'>) => item.price.cashFen > 0

/** `¥1,299.00`, or `¥1,299.00 + 200 积分` for points+cash. */
export function cashPrice(price: { cashFen: number; points: number }): string {
  return price.points > 0 ? `${formatMoney(price.cashFen)} + ${price.points} 积分` : formatMoney(price.cashFen)
}

export const orderPrice = (order: Pick<PayOrder, 'amountFen' | 'points'>) => cashPrice({ cashFen: order.amountFen, points: order.points })

/** Orders still waiting for WeChat's word after the payer paid. */
export const awaitingFulfilment = (order: PayOrder) => order.state === 'pending' || order.state === 'paid'

export type PaymentOutcome = 'paid' | 'cancelled'

/** Opens the WeChat cashier. Cancelling is an outcome, not an error; a failure throws with WeChat's words. */
export async function openWechatCashier(params: RequestPaymentParams): Promise<PaymentOutcome> {
  try {
    const { timeStamp, nonceStr, paySign, signType } = params
    await Taro.requestPayment({ timeStamp, nonceStr, package: params.package, signType, paySign })
    return 'paid'
  } catch (e) {
    const message = e instanceof Error ? e.message : typeof e === 'object' && e && 'errMsg' in e ? String(e.errMsg) : String(e)
    if (/cancel/i.test(message)) return 'cancelled'
    throw new Error(`支付未完成：${message}`)
  }
}
