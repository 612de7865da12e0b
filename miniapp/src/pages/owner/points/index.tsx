import Taro, { useDidShow, useRouter, useShareAppMessage } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import Chips from '../../../components/Chips'
import { useAsync } from '../../../hooks/useAsync'
import { dealershipOptions, useMyPoints } from '../../../hooks/useMyPoints'
import { getMyPointsHistory, getMyReferral } from '../../../services/points'
import { errorMessage } from '../../../services/request'
import { formatDate, formatDateTime } from '../../../utils/format'
import { formatPoints } from '../../../utils/points'
import { ROUTES, withQuery } from '../../../utils/routes'
import ReferralSection from './referral-section'
import './index.scss'

/** 我的积分: the balance at a dealership, what expires when, and the history with reasons. */
export default function MyPointsPage() {
  const { params } = useRouter()
  const { isOwner, accounts, list, current, choose } = useMyPoints(params.dealershipId)
  const dealershipId = current?.dealershipId ?? ''
  const history = useAsync(() => getMyPointsHistory(dealershipId, 1, 50), [dealershipId], dealershipId !== '')
  const referral = useAsync(() => getMyReferral(dealershipId), [dealershipId], dealershipId !== '')
  useDidShow(() => {
    if (isOwner && accounts.data) {
      void accounts.reload()
      void history.reload()
      void referral.reload()
    }
  })
  // Sharing from this page (the menu or the share button) invites a friend to this dealership.
  useShareAppMessage(() =>
    referral.data
      ? { title: `邀请您成为${current?.dealershipName ?? '门店'}会员`, path: referral.data.sharePath }
      : { title: '车主会员', path: ROUTES.ownerHome }
  )
  const go = (url: string) => void Taro.navigateTo({ url: withQuery(url, { dealershipId }) })

  return (
    <PageContainer
      className="e2e-page-owner-points"
      require="owner"
      loading={accounts.loading && !accounts.data}
      error={accounts.error}
      empty={accounts.data !== undefined && list.length === 0}
      emptyText="绑定门店后即可累积积分"
      onRetry={() => void accounts.reload()}
    >
      {list.length > 1 ? (
        <Section>
          <Chips hook="e2e-points-dealership" options={dealershipOptions(list)} value={dealershipId} onChange={choose} />
        </Section>
      ) : null}
      {current ? (
        <Section title={current.dealershipName} className="points-balance">
          <Text className="points-balance__label">可用积分</Text>
          <Text className="points-balance__value e2e-points-balance">{current.balance}</Text>
          {current.expiring.length ? (
            <View className="e2e-points-expiring">
              {current.expiring.map((e) => (
                <Text key={e.expiresOn} className="hint">
                  {e.points} 积分将于 {formatDate(e.expiresOn)} 到期
                </Text>
              ))}
            </View>
          ) : (
            <Text className="hint">暂无即将到期的积分</Text>
          )}
          <View className="points-balance__actions">
            <Button type="primary" className="e2e-points-shop" onClick={() => go(ROUTES.ownerRewards)}>
              积分商城
            </Button>
            <Button className="e2e-points-vouchers" onClick={() => go(ROUTES.ownerVouchers)}>
              我的券
            </Button>
            <Button className="e2e-points-pay-orders" onClick={() => go(ROUTES.ownerPayOrders)}>
              我的订单
            </Button>
          </View>
        </Section>
      ) : null}
      {referral.data ? <ReferralSection referral={referral.data} /> : null}
      <Section title="积分明细" className="e2e-points-history">
        {history.data?.items.length === 0 ? <Text className="muted">暂无积分记录</Text> : null}
        {history.data?.items.map((entry) => (
          <View key={entry.seq} className="list-item points-entry e2e-points-entry">
            <View className="points-entry__row">
              <Text className="list-item__title e2e-points-entry-reason">{entry.reason}</Text>
              <Text className={`points-entry__delta ${entry.points < 0 ? 'points-entry__delta--out' : ''} e2e-points-entry-points`}>
                {formatPoints(entry.points)}
              </Text>
            </View>
            <Text className="list-item__meta">
              {formatDateTime(entry.at)} · 余额 {entry.balanceAfter}
            </Text>
          </View>
        ))}
        {history.error ? <Text className="error-text">{errorMessage(history.error)}</Text> : null}
      </Section>
    </PageContainer>
  )
}
