import { useEffect, useRef, useState } from 'react'
import { createPayOrder, demoPay, getMyPayOrder, payAgain } from '../../../services/pay'
import { errorMessage } from '../../../services/request'
import type { PayOrder } from '../../../services/api-types'
import { HAS_WECHAT_CASHIER, awaitingFulfilment, openWechatCashier } from '../../../utils/pay'
import { pollUntil } from '../../../utils/poll'

export type PayStep = 'idle' | 'ordering' | 'paying' | 'confirming' | 'done'

/**
 * One purchase from the owner's side: order (stock and points held, `requestPayment`
 * parameters back), pay in the WeChat cashier — or, in the H5 demo, 模拟支付 through the
 * server — then wait for the server to hear from WeChat and issue the voucher.
 */
export function useOrderPayment(initial: PayOrder | null) {
  const [order, setOrder] = useState<PayOrder | null>(initial)
  const [step, setStep] = useState<PayStep>('idle')
  const [message, setMessage] = useState<string | null>(null)
  const left = useRef(false)
  useEffect(() => {
    left.current = false
    return () => {
      left.current = true
    }
  }, [])
  useEffect(() => {
    if (initial) setOrder(initial)
  }, [initial])

  /** WeChat tells the server, not the page: ask the server until the order is no longer waiting. */
  const confirm = async (orderId: string) => {
    setStep('confirming')
    const settled = await pollUntil(
      () => getMyPayOrder(orderId),
      (o) => !awaitingFulfilment(o),
      setOrder,
      { intervalMs: 1000, maxPolls: 60, isCancelled: () => left.current }
    )
    setStep('done')
    if (!settled && !left.current) setMessage('支付结果确认中，请稍后在「我的订单」查看')
  }

  const run = async (work: () => Promise<void>) => {
    setMessage(null)
    try {
      await work()
    } catch (e) {
      setStep('idle')
      setMessage(errorMessage(e))
    }
  }

  /** Opens the cashier for this order's parameters (mini-program only). */
  const cashier = async (target: PayOrder, params: Parameters<typeof openWechatCashier>[0]) => {
    setStep('paying')
    if ((await openWechatCashier(params)) === 'paid') return confirm(target.id)
    setStep('idle')
    setMessage('支付已取消，订单将保留到支付截止时间，可稍后继续支付')
  }

  const buy = (itemId: string) =>
    run(async () => {
      setStep('ordering')
      const created = await createPayOrder(itemId)
      setOrder(created.order)
      if (HAS_WECHAT_CASHIER) return cashier(created.order, created.payment)
      setStep('idle')
    })

  const payPending = (target: PayOrder) =>
    run(async () => {
      if (HAS_WECHAT_CASHIER) return cashier(target, (await payAgain(target.id)).payment)
      setStep('paying')
      setOrder(await demoPay(target.id))
      await confirm(target.id)
    })

  return { order, step, message, buy, payPending }
}
