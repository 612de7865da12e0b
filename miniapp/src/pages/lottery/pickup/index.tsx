import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import Field from '../../../components/Field'
import { confirmLotteryPickup, lookUpLotteryPickup } from '../../../services/lottery'
import { errorMessage } from '../../../services/request'
import type { LotteryPickup } from '../../../services/api-types'
import { formatDateTime } from '../../../utils/format'
import { isVoucherCode, normalizeVoucherCode } from '../../../utils/points'
import '../lottery.scss'

/** 奖品领取 (the desk): type the winner's pickup code, see the prize and the winner, hand the gift out once. */
export default function LotteryPickupPage() {
  const [typed, setTyped] = useState('')
  const [pickup, setPickup] = useState<LotteryPickup | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const run = async (action: () => Promise<LotteryPickup>) => {
    setBusy(true)
    setMessage(null)
    try {
      setPickup(await action())
    } catch (e) {
      setMessage(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const look = () => {
    const code = normalizeVoucherCode(typed)
    setPickup(null)
    if (!isVoucherCode(code)) setMessage('领奖码应为 10 位数字或大写字母')
    else void run(() => lookUpLotteryPickup(code))
  }

  return (
    <PageContainer className="e2e-page-lottery-pickup" require="staff" capability="points.verify">
      <Section title="输入领奖码">
        <Field label="领奖码" className="e2e-pickup-code" value={typed} maxlength={14} onChange={setTyped} onConfirm={look} />
        <Button type="primary" block className="e2e-pickup-lookup" loading={busy} disabled={busy} onClick={look}>
          查询
        </Button>
        {message ? <Text className="error-text e2e-pickup-message">{message}</Text> : null}
      </Section>
      {pickup ? (
        <Section title={pickup.prizeName} className="e2e-pickup-found">
          <Text className="list-item__meta">活动：{pickup.campaignName}</Text>
          <Text className="list-item__meta e2e-pickup-customer">中奖人：{pickup.customerName}</Text>
          <Text className="list-item__meta">领奖截止：{formatDateTime(pickup.claimDeadline)}</Text>
          {pickup.pickedUpAt ? (
            <Text className="tag e2e-pickup-done">已于 {formatDateTime(pickup.pickedUpAt)} 领取</Text>
          ) : (
            <View className="lottery__actions">
              <Button
                type="primary"
                className="e2e-pickup-confirm"
                loading={busy}
                disabled={busy}
                onClick={() => void run(() => confirmLotteryPickup(pickup.code))}
              >
                确认发放奖品
              </Button>
            </View>
          )}
        </Section>
      ) : null}
    </PageContainer>
  )
}
