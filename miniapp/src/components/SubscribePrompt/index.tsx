import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useAsync } from '../../hooks/useAsync'
import { getSubscriptions, reportSubscriptions } from '../../services/owner'
import { errorMessage } from '../../services/request'
import { newRequestId, pickTemplates, remainingLines, subscribeSummary } from '../../utils/subscribe'
import { requestSubscribe } from '../../utils/wechat'
import './index.scss'

export interface SubscribePromptProps {
  /** Short text above the button (the moment: after binding, in the inbox). */
  intro?: string
  /** Show the per-template counts of messages left. */
  showStatus?: boolean
}

const IS_DEMO = process.env.TARO_ENV !== 'weapp'

/**
 * Asks the owner for subscribe-message consent. The template ids are loaded first, so the
 * tap calls requestSubscribeMessage synchronously (WeChat requires a tap); the answers are
 * reported to the server, where each accept allows one message. H5: simulated (演示模式).
 */
export default function SubscribePrompt({
  intro = '开启微信消息提醒，生日祝福、节日问候和保养提醒会通过微信通知您。',
  showStatus = true
}: SubscribePromptProps) {
  const status = useAsync(() => getSubscriptions(), [])
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null)
  const templates = status.data?.templates ?? []
  const ids = pickTemplates(templates)

  function subscribe() {
    if (!ids.length || busy) return
    setResult(null)
    setBusy(true)
    // Called before any await: the tap is what lets WeChat show the dialog.
    const asked = requestSubscribe(ids)
    const requestId = newRequestId()
    void asked
      .then(async ({ answers, demo }) => {
        if (!Object.keys(answers).length) {
          setResult({ ok: false, text: '未开启提醒' })
          return
        }
        const next = await reportSubscriptions(answers, requestId)
        status.setData(next)
        setResult({ ok: Object.values(answers).includes('accept'), text: `${demo ? '（演示模式：模拟同意）' : ''}${subscribeSummary(answers, templates)}` })
      })
      .catch((e: unknown) => setResult({ ok: false, text: errorMessage(e) }))
      .finally(() => setBusy(false))
  }

  if (status.error) {
    return (
      <View className="subscribe e2e-subscribe">
        <Text className="error-text e2e-subscribe-error">{errorMessage(status.error)}</Text>
      </View>
    )
  }
  if (!status.loading && templates.length === 0) {
    return (
      <View className="subscribe e2e-subscribe">
        <Text className="hint e2e-subscribe-unavailable">绑定门店后可开启微信消息提醒。</Text>
      </View>
    )
  }

  return (
    <View className="subscribe e2e-subscribe">
      <Text className="hint">{intro}</Text>
      {IS_DEMO ? (
        <View className="subscribe__demo">
          <Text className="demo-tag e2e-demo-badge">演示模式</Text>
          <Text className="hint">浏览器中没有微信订阅弹窗，点击后按“同意”模拟。</Text>
        </View>
      ) : null}
      {showStatus && templates.length ? (
        <View className="subscribe__status e2e-subscribe-status">
          {remainingLines(templates).map((line) => (
            <Text key={line} className="subscribe__line">
              {line}
            </Text>
          ))}
        </View>
      ) : null}
      <Button type="primary" block className="e2e-subscribe-request" loading={busy || status.loading} disabled={busy || status.loading} onClick={subscribe}>
        开启消息提醒
      </Button>
      {result ? <Text className={`${result.ok ? 'success-text' : 'error-text'} e2e-subscribe-result`}>{result.text}</Text> : null}
      <Text className="hint">每次同意可接收一条消息，可多次开启。</Text>
    </View>
  )
}
