import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import Chips from '../../../components/Chips'
import ConfirmDialog from '../../../components/ConfirmDialog'
import { useAsync } from '../../../hooks/useAsync'
import { dealershipOptions, useMyPoints } from '../../../hooks/useMyPoints'
import { getShop, redeemReward } from '../../../services/points'
import { errorMessage } from '../../../services/request'
import type { RewardItem } from '../../../services/api-types'
import { REWARD_KIND_LABELS, rewardPrice } from '../../../utils/points'
import { cashPrice, soldForCash } from '../../../utils/pay'
import { ROUTES, withQuery } from '../../../utils/routes'
import '../points/index.scss'

/**
 * 积分商城: the rewards the dealership offers the owner now; redeem a points item with a
 * confirmation, buy a cash (or points+cash) item on the order page with WeChat Pay.
 */
export default function RewardsShopPage() {
  const { params } = useRouter()
  const { accounts, list, current, choose } = useMyPoints(params.dealershipId)
  const dealershipId = current?.dealershipId ?? ''
  const shop = useAsync(() => getShop(dealershipId), [dealershipId], dealershipId !== '')
  const [picked, setPicked] = useState<RewardItem | null>(null)
  const [busy, setBusy] = useState(false)
  const [refusal, setRefusal] = useState<string | null>(null)

  const redeem = async (item: RewardItem) => {
    setBusy(true)
    setRefusal(null)
    try {
      await redeemReward(item.id)
      setPicked(null)
      void Taro.showToast({ title: '兑换成功', icon: 'success' })
      void Taro.redirectTo({ url: withQuery(ROUTES.ownerVouchers, { dealershipId }) })
    } catch (e) {
      setPicked(null)
      setRefusal(errorMessage(e))
      void shop.reload()
    } finally {
      setBusy(false)
    }
  }

  /** Cash and points+cash items are paid with WeChat Pay on the order page. */
  const buy = (item: RewardItem) => void Taro.navigateTo({ url: withQuery(ROUTES.ownerPayOrder, { itemId: item.id, dealershipId }) })

  const items = shop.data?.items ?? []
  return (
    <PageContainer
      className="e2e-page-owner-rewards"
      require="owner"
      loading={(accounts.loading && !accounts.data) || (shop.loading && !shop.data)}
      error={accounts.error ?? shop.error}
      empty={accounts.data !== undefined && list.length === 0}
      emptyText="绑定门店后即可兑换积分好礼"
      onRetry={() => void (accounts.error ? accounts.reload() : shop.reload())}
    >
      {list.length > 1 ? (
        <Section>
          <Chips hook="e2e-rewards-dealership" options={dealershipOptions(list)} value={dealershipId} onChange={choose} />
        </Section>
      ) : null}
      <Section title={current ? `${current.dealershipName} · 可用 ${current.balance} 积分` : '积分商城'}>
        {refusal ? <Text className="error-text e2e-rewards-refusal">{refusal}</Text> : null}
        {shop.data && items.length === 0 ? <Text className="muted e2e-rewards-empty">暂无可兑换的奖品</Text> : null}
        {items.map((item) => {
          const left = Math.max(item.stock - item.claimed, 0)
          return (
            <View key={item.id} className="list-item reward e2e-reward-item">
              <Text className="list-item__title e2e-reward-name">{item.name}</Text>
              <Text className="tag">{REWARD_KIND_LABELS[item.kind]}</Text>
              {item.kind === 'package' ? <Text className="tag">共 {item.uses} 次</Text> : null}
              {item.description ? <Text className="hint">{item.description}</Text> : null}
              <Text className="reward__price e2e-reward-price">{soldForCash(item) ? cashPrice(item.price) : rewardPrice(item)}</Text>
              <Text className="list-item__meta">
                剩余 {left} 份 · 每人限兑 {item.perOwnerLimit} 次 · 兑换后 {item.validDays} 天内有效
              </Text>
              <View className="reward__actions">
                <Button
                  type="primary"
                  size="small"
                  className={soldForCash(item) ? 'e2e-reward-buy' : 'e2e-reward-redeem'}
                  disabled={left === 0 || (current?.balance ?? 0) < item.price.points}
                  onClick={() => (soldForCash(item) ? buy(item) : setPicked(item))}
                >
                  {left === 0
                    ? soldForCash(item)
                      ? '已售罄'
                      : '已兑完'
                    : (current?.balance ?? 0) < item.price.points
                      ? '积分不足'
                      : soldForCash(item)
                        ? '购买'
                        : '兑换'}
                </Button>
              </View>
            </View>
          )
        })}
      </Section>
      <ConfirmDialog
        visible={picked !== null}
        title="确认兑换"
        content={picked ? `使用 ${picked.price.points} 积分兑换「${picked.name}」？兑换后可在「我的券」中查看券码。` : ''}
        confirmText="确认兑换"
        busy={busy}
        onConfirm={() => picked && void redeem(picked)}
        onCancel={() => setPicked(null)}
      />
    </PageContainer>
  )
}
