import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import DealershipPicker from '../../../components/DealershipPicker'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { useDealershipScope } from '../../../hooks/useDealershipScope'
import { listLotteryCampaigns } from '../../../services/lottery'
import { can } from '../../../services/session'
import { formatDateTime } from '../../../utils/format'
import { LOTTERY_CAMPAIGN_STATUS_LABELS } from '../../../utils/lottery'
import { ROUTES, withQuery } from '../../../utils/routes'
import '../lottery.scss'

/** 抽奖活动: the store's campaigns by status; marketing starts a new one here. */
export default function LotteryCampaignsPage() {
  const session = useSession()
  const scope = useDealershipScope(session)
  const allowed = can(session, 'lottery.campaigns')
  const campaigns = useAsync(() => listLotteryCampaigns(scope.dealershipId), [scope.dealershipId], allowed && !scope.pending)
  useDidShow(() => {
    if (campaigns.data) void campaigns.reload()
  })
  const go = (url: string) => void Taro.navigateTo({ url })
  const items = campaigns.data?.items ?? []

  return (
    <PageContainer
      className="e2e-page-lottery-campaigns"
      require="staff"
      capability="lottery.campaigns"
      loading={campaigns.loading && !campaigns.data}
      error={campaigns.error}
      onRetry={() => void campaigns.reload()}
    >
      <DealershipPicker scope={scope} hook="e2e-lottery-dealership" />
      <Section>
        <Button type="primary" block className="e2e-lottery-new" onClick={() => go(withQuery(ROUTES.lotteryEdit, { dealershipId: scope.dealershipId }))}>
          新建抽奖活动
        </Button>
      </Section>
      <Section title="活动列表">
        {items.length === 0 ? <Text className="muted e2e-lottery-campaigns-empty">还没有抽奖活动</Text> : null}
        {items.map((c) => (
          <View
            key={c.id}
            className={`list-item e2e-lottery-campaign e2e-lottery-campaign-${c.status}`}
            onClick={() => go(withQuery(ROUTES.lotteryCampaign, { id: c.id }))}
          >
            <Text className="list-item__title e2e-lottery-campaign-name">{c.terms.name}</Text>
            <Text className="tag e2e-lottery-campaign-status">{LOTTERY_CAMPAIGN_STATUS_LABELS[c.status]}</Text>
            <Text className="list-item__meta">
              {formatDateTime(c.terms.startsAt)} 至 {formatDateTime(c.terms.endsAt)} · {c.terms.prizes.length} 个奖项
            </Text>
          </View>
        ))}
      </Section>
    </PageContainer>
  )
}
