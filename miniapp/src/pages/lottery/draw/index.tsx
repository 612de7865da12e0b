import { useRef, useState } from 'react'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { drawLottery, getMyLotteryCampaign } from '../../../services/lottery'
import { errorMessage, isApiError } from '../../../services/request'
import type { LotteryDraw } from '../../../services/api-types'
import { formatDateTime } from '../../../utils/format'
import { drawHeadline, drawKey, PRIZE_KIND_LABELS } from '../../../utils/lottery'
import { ROUTES, withQuery } from '../../../utils/routes'
import PrizeClaim from '../prize-claim'
import '../lottery.scss'

/** The wheel turns at least this long: the result is the server's, the pause is for the eye. */
const SPIN_MS = 1200

/** A campaign for the owner: prizes, draws left today, the draw button and its result. */
export default function LotteryDrawPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const session = useSession()
  const isOwner = session?.kind === 'owner'
  const campaign = useAsync(() => getMyLotteryCampaign(id), [id], isOwner && id !== '')
  useDidShow(() => {
    if (campaign.data) void campaign.reload()
  })
  const [spinning, setSpinning] = useState(false)
  const [result, setResult] = useState<LotteryDraw | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  // Kept after a failure that may not have reached the server, so a retry cannot draw twice.
  const pendingKey = useRef<string | null>(null)

  async function draw() {
    const key = pendingKey.current ?? drawKey()
    pendingKey.current = key
    setSpinning(true)
    setMessage(null)
    setResult(null)
    const pause = new Promise((done) => setTimeout(done, SPIN_MS))
    try {
      const drawn = await drawLottery(id, key)
      await pause
      pendingKey.current = null
      setResult(drawn)
      void campaign.reload()
    } catch (e) {
      await pause
      // A refusal (no draws left, window closed) is final: the next tap is a new draw.
      if (isApiError(e) && e.status >= 400 && e.status < 500) pendingKey.current = null
      setMessage(errorMessage(e))
    } finally {
      setSpinning(false)
    }
  }

  const c = campaign.data
  const go = (url: string) => void Taro.navigateTo({ url })
  return (
    <PageContainer
      className="e2e-page-lottery-draw"
      require="owner"
      loading={campaign.loading && !c}
      error={campaign.error}
      onRetry={() => void campaign.reload()}
    >
      {c ? (
        <>
          <Section title={c.name}>
            <Text className="list-item__meta">
              {formatDateTime(c.startsAt)} 至 {formatDateTime(c.endsAt)}
            </Text>
            <View className={`lottery__wheel ${spinning ? 'lottery__wheel--spinning' : ''} e2e-lottery-wheel`}>
              <Text>{spinning ? '抽奖中…' : result ? (result.prize.kind === 'none' ? '谢谢参与' : result.prize.name) : '好运来'}</Text>
            </View>
            {result ? (
              <View className="e2e-lottery-result">
                <Text className="lottery__result e2e-lottery-result-headline">{drawHeadline(result)}</Text>
                <PrizeClaim draw={result} />
              </View>
            ) : null}
            {message ? <Text className="error-text e2e-lottery-draw-message">{message}</Text> : null}
            <Text className="hint e2e-lottery-left">
              {c.open ? `今日剩余免费次数 ${c.freeLeftToday}` : '活动不在进行中'}
              {c.open && c.pointsPerDraw !== null ? `，之后每次消耗 ${c.pointsPerDraw} 积分` : ''}
            </Text>
            <Button type="primary" block className="e2e-lottery-draw" loading={spinning} disabled={!c.open || spinning} onClick={() => void draw()}>
              {pendingKey.current && message ? '重试' : '抽奖'}
            </Button>
          </Section>
          <Section title="奖品">
            {c.prizes
              .filter((p) => p.kind !== 'none')
              .map((p) => (
                <Text key={p.id} className="lottery__rules-line">
                  {p.name}（{PRIZE_KIND_LABELS[p.kind]}）
                </Text>
              ))}
          </Section>
          <View className="lottery__actions">
            <Button className="e2e-lottery-rules-link" onClick={() => go(withQuery(ROUTES.lotteryRules, { id: c.id }))}>
              活动规则与公平性
            </Button>
            <Button className="e2e-lottery-mine-link" onClick={() => go(ROUTES.lotteryMyDraws)}>
              我的抽奖记录
            </Button>
          </View>
        </>
      ) : null}
    </PageContainer>
  )
}
