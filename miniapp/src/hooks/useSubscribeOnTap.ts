import { useState } from 'react'
import { getSubscriptions, reportSubscriptions } from '../services/owner'
import { newRequestId, pickTemplates, subscribeSummary } from '../utils/subscribe'
import { requestSubscribe } from '../utils/wechat'
import { useAsync } from './useAsync'

export interface SubscribeOnTap {
  /** Call first thing in a tap handler (WeChat shows its dialog only from a tap). */
  ask: () => void
  /** What the owner allowed, once answered (`已开启：…`), else null. */
  result: string | null
}

/**
 * Asks for subscribe-message consent as part of another tap (booking): the templates are
 * loaded beforehand so the request is synchronous, the answers are reported in the
 * background and never block or fail the tap's own work. H5: simulated, as SubscribePrompt.
 */
export function useSubscribeOnTap(enabled: boolean): SubscribeOnTap {
  const status = useAsync(() => getSubscriptions(), [enabled], enabled)
  const [result, setResult] = useState<string | null>(null)
  const templates = status.data?.templates ?? []

  function ask() {
    const ids = pickTemplates(templates)
    if (!ids.length) return
    const requestId = newRequestId()
    void requestSubscribe(ids)
      .then(async ({ answers, demo }) => {
        if (!Object.keys(answers).length) return
        status.setData(await reportSubscriptions(answers, requestId))
        setResult(`${demo ? '（演示模式：模拟同意）' : ''}${subscribeSummary(answers, templates)}`)
      })
      // Consent is optional: a refused or failed request leaves the booking as it is.
      .catch(() => setResult(null))
  }

  return { ask, result }
}
