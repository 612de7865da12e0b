import { useCallback } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import TierBadge from '../../../components/TierBadge'
import { useAsync } from '../../../hooks/useAsync'
import { usePagedList } from '../../../hooks/usePagedList'
import { useSession } from '../../../hooks/useSession'
import { getSegment, segmentCustomers } from '../../../services/segments'
import { errorMessage } from '../../../services/request'
import { can } from '../../../services/session'
import { LIFECYCLE_LABELS, SERVICE_STAGE_LABELS, VEHICLE_AGE_LABELS } from '../../../utils/labels'
import { labelOf } from '../../../utils/format'
import { describeFilter, filterToQuery } from '../../../utils/segment-filter'
import { ROUTES, withQuery } from '../../../utils/routes'

const PAGE_SIZE = 20

/** One segment: its conditions and the customers matching them now. */
export default function SegmentPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const session = useSession()
  const enabled = can(session, 'segments.use') && id !== ''
  // A group admin's list passes the store along (the lookup goes through the store's list).
  const dealershipId = params.dealershipId || undefined
  const segment = useAsync(() => getSegment(id, dealershipId), [id, dealershipId, enabled], enabled)
  const fetchPage = useCallback((next: number) => segmentCustomers(id, next, PAGE_SIZE), [id])
  const list = usePagedList(fetchPage, enabled)
  const { items, total, page, loading, error, hasMore, loadMore } = list

  const s = segment.data
  const lines = s ? describeFilter(s.filter) : []

  return (
    <PageContainer
      className="e2e-page-staff-segment"
      require="staff"
      capability="segments.use"
      loading={(segment.loading && !s) || (loading && page === 0)}
      error={!id ? new Error('缺少分群编号') : (segment.error ?? (page === 0 ? error : null))}
      onRetry={() => {
        void segment.reload()
        void list.reload()
      }}
    >
      {s ? (
        <Section title={s.name} className="e2e-segment-info">
          {s.description ? <Text className="hint">{s.description}</Text> : null}
          <View className="e2e-segment-conditions">
            {lines.length ? (
              lines.map((line) => (
                <Text key={line} className="tag">
                  {line}
                </Text>
              ))
            ) : (
              <Text className="tag">全部客户</Text>
            )}
          </View>
          <Text className="list-item__meta e2e-segment-total">当前共 {total} 位客户</Text>
          <View className="actions">
            <Button
              size="small"
              className="e2e-segment-open-list"
              onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.staffCustomers, filterToQuery(s.filter)) })}
            >
              在客户列表中打开
            </Button>
          </View>
        </Section>
      ) : null}
      <Section>
        {items.length === 0 && !loading ? <Text className="muted e2e-segment-empty">没有符合条件的客户</Text> : null}
        {items.map((c) => (
          <View
            key={c.id}
            className="list-item e2e-segment-customer"
            onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.staffCustomer, { id: c.id }) })}
          >
            <View>
              <TierBadge tier={c.tier} />
              <Text className="list-item__title e2e-segment-customer-name">{c.name}</Text>
              <Text className="muted"> {c.mobileMasked ?? ''}</Text>
            </View>
            <Text className="list-item__meta">
              {labelOf(LIFECYCLE_LABELS, c.lifecycle)} · {labelOf(VEHICLE_AGE_LABELS, c.vehicleAge)} · {labelOf(SERVICE_STAGE_LABELS, c.serviceStage)} · 顾问{' '}
              {c.advisor?.name ?? '未分配'}
            </Text>
            <View>
              <Text className="tag">{c.bound ? '已绑定微信' : '未绑定'}</Text>
              {c.consentMarketing ? <Text className="tag">同意营销消息</Text> : null}
              {c.tags.map((t) => (
                <Text key={t} className="tag">
                  {t}
                </Text>
              ))}
            </View>
          </View>
        ))}
        {error && page > 0 ? <Text className="error-text">{errorMessage(error)}</Text> : null}
        {hasMore ? (
          <Button fill="none" block className="e2e-segment-more" loading={loading} onClick={loadMore}>
            加载更多
          </Button>
        ) : null}
      </Section>
    </PageContainer>
  )
}
