import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { getMyLotteryDraws, listMyLotteryCampaigns } from '../../../services/lottery'
import { errorMessage } from '../../../services/request'
import { formatDateTime } from '../../../utils/format'
import { LOTTERY_ENTRY_KIND_LABELS, drawHeadline } from '../../../utils/lottery'
import { ROUTES, withQuery } from '../../../utils/routes'
import PrizeClaim from '../prize-claim'
import '../lottery.scss'

/** 抽奖活动 for the owner: the campaigns open to them, and every draw with how to claim its prize. */
export default function MyLotteryPage() {
  const session = useSession()
  const isOwner = session?.kind === 'owner'
  const campaigns = useAsync(() => listMyLotteryCampaigns(), [isOwner], isOwner)
  const draws = useAsync(() => getMyLotteryDraws(), [isOwner], isOwner)
  useDidShow(() => {
    if (campaigns.data) void campaigns.reload()
    if (draws.data) void draws.reload()
  })
  const open = (id: string) => void Taro.navigateTo({ url: withQuery(ROUTES.lotteryDraw, { id }) })

  return (
    <PageContainer
      className="e2e-page-lottery-mine"
      require="owner"
      loading={campaigns.loading && !campaigns.data}
      error={campaigns.error}
      onRetry={() => void campaigns.reload()}
    >
      <Section title="进行中的活动">
        {campaigns.data?.items.length === 0 ? <Text className="muted e2e-lottery-open-campaigns-empty">暂时没有可参加的抽奖活动</Text> : null}
        {campaigns.data?.items.map((c) => (
          <View key={c.id} className="list-item e2e-lottery-open-campaign" onClick={() => open(c.id)}>
            <Text className="list-item__title">{c.name}</Text>
            <Text className="list-item__meta">
              截止 {formatDateTime(c.endsAt)} · 今日剩余免费 {c.freeLeftToday} 次
            </Text>
          </View>
        ))}
      </Section>
      <Section title="我的抽奖记录" className="e2e-lottery-my-draws">
        {draws.error ? <Text className="error-text">{errorMessage(draws.error)}</Text> : null}
        {draws.data?.items.length === 0 ? <Text className="muted e2e-lottery-my-draws-empty">还没有抽奖记录</Text> : null}
        {draws.data?.items.map((d) => (
          <View key={d.id} className={`list-item e2e-lottery-my-draw e2e-lottery-my-draw-${d.prize.kind}`}>
            <Text className="list-item__title e2e-lottery-my-draw-headline">{drawHeadline(d)}</Text>
            <Text className="list-item__meta">
              {d.campaignName} · 第 {d.seq} 次 · {LOTTERY_ENTRY_KIND_LABELS[d.entry]}
              {d.pointsSpent > 0 ? ` · 消耗 ${d.pointsSpent} 积分` : ''} · {formatDateTime(d.drawnAt)}
            </Text>
            <PrizeClaim draw={d} />
          </View>
        ))}
      </Section>
    </PageContainer>
  )
}
