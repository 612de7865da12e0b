import { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import VoucherCode from '../../../components/VoucherCode'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { getMyVouchers } from '../../../services/points'
import { REWARD_KIND_LABELS, VOUCHER_STATUS_LABELS, lastValidDay } from '../../../utils/points'

/** 我的券: each voucher's code in large type, remaining uses, validity and status. */
export default function MyVouchersPage() {
  const session = useSession()
  const isOwner = session?.kind === 'owner'
  const vouchers = useAsync(() => getMyVouchers(), [isOwner], isOwner)
  // Back at the page after the desk confirmed a use: show it.
  useDidShow(() => {
    if (isOwner && vouchers.data) void vouchers.reload()
  })
  const items = vouchers.data?.items ?? []

  return (
    <PageContainer
      className="e2e-page-owner-vouchers"
      require="owner"
      loading={vouchers.loading && !vouchers.data}
      error={vouchers.error}
      empty={vouchers.data !== undefined && items.length === 0}
      emptyText="还没有券，去积分商城兑换吧"
      onRetry={() => void vouchers.reload()}
    >
      {items.map((v) => (
        <Section key={v.id} title={v.item.name} className={`e2e-voucher e2e-voucher-${v.status}`}>
          <Text className="tag">{REWARD_KIND_LABELS[v.item.kind]}</Text>
          <Text className="tag e2e-voucher-status">{VOUCHER_STATUS_LABELS[v.status]}</Text>
          <VoucherCode code={v.code} dimmed={v.status !== 'active'} />
          <View>
            <Text className="hint e2e-voucher-uses">
              剩余 {v.usesLeft} / {v.usesTotal} 次
            </Text>
            <Text className="hint">有效期至 {lastValidDay(v.validUntil)}</Text>
            <Text className="hint">兑换花费 {v.pointsSpent} 积分</Text>
          </View>
        </Section>
      ))}
    </PageContainer>
  )
}
