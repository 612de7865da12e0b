import { useState } from 'react'
import { errorMessage } from '../services/request'

/**
 * A refund dialog over a list of orders: the order it is open for, the request in flight and
 * what came of it. `send` makes the request and answers the line to show; the list is reloaded
 * whatever happened.
 */
export function useRefundDialog<T>(send: (order: T, reason: string) => Promise<string>, reload: () => Promise<void>) {
  const [order, setOrder] = useState<T | null>(null)
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)

  const confirm = async (reason: string) => {
    if (!order) return
    setBusy(true)
    try {
      setMessage({ ok: true, text: await send(order, reason) })
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) })
    } finally {
      setBusy(false)
      setOrder(null)
      void reload()
    }
  }

  return { order, open: (o: T) => setOrder(o), close: () => setOrder(null), busy, message, confirm }
}
