import { useState } from 'react'
import DealershipPicker from '../../../components/DealershipPicker'
import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import Chips from '../../../components/Chips'
import TierBadge from '../../../components/TierBadge'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { useDealershipScope } from '../../../hooks/useDealershipScope'
import { listComplaints } from '../../../services/aftercare'
import type { ComplaintStatus } from '../../../services/api-types'
import { COMPLAINT_CATEGORY_LABELS, COMPLAINT_STATUS_LABELS, COMPLAINT_STATUS_OPTIONS } from '../../../utils/aftercare'
import { formatDateTime } from '../../../utils/format'
import { ROUTES, withQuery } from '../../../utils/routes'
import './index.scss'

const STATUS_FILTER = [{ value: 'all' as const, label: '全部' }, ...COMPLAINT_STATUS_OPTIONS]

/** 投诉处理: complaints by status, with the acknowledge / resolve deadline and overdue ones marked. */
export default function ComplaintsPage() {
  const session = useSession()
  const scope = useDealershipScope(session)
  const staff = session?.kind === 'staff'
  const [status, setStatus] = useState<ComplaintStatus | 'all'>('all')
  const complaints = useAsync(
    () => listComplaints({ status: status === 'all' ? undefined : status, dealershipId: scope.dealershipId, pageSize: 100 }),
    [status, scope.dealershipId, staff],
    staff && !scope.pending
  )
  useDidShow(() => {
    if (staff && complaints.data) void complaints.reload()
  })
  const items = complaints.data?.items ?? []

  return (
    <PageContainer
      className="complaints e2e-page-manager-complaints"
      require="staff"
      capability="aftercare.complaints"
      loading={(complaints.loading && !complaints.data) || scope.pending}
      error={complaints.error}
      onRetry={() => void complaints.reload()}
    >
      <DealershipPicker scope={scope} hook="e2e-complaints-dealership" />
      <Section>
        <Chips hook="e2e-complaints-status" options={STATUS_FILTER} value={status} onChange={setStatus} />
        <Text className="hint e2e-complaints-total">共 {complaints.data?.total ?? 0} 条</Text>
      </Section>
      <Section>
        {items.length === 0 && !complaints.loading ? <Text className="muted e2e-complaints-empty">没有投诉</Text> : null}
        {items.map((c) => {
          const overdue = c.ackOverdue || c.resolveOverdue
          const acknowledged = c.acknowledgedAt !== null
          return (
            <View
              key={c.id}
              className={`list-item complaint-row e2e-complaint-row ${overdue ? 'complaint-row--overdue e2e-complaint-overdue' : ''}`}
              onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.managerComplaint, { id: c.id }) })}
            >
              <View className="complaint-row__head">
                <TierBadge tier={c.tier} />
                <Text className="list-item__title">{c.customer.name}</Text>
                <Text className="tag">{COMPLAINT_CATEGORY_LABELS[c.category]}</Text>
                <Text className="complaint-row__status e2e-complaint-row-status">{COMPLAINT_STATUS_LABELS[c.status]}</Text>
              </View>
              <Text className="complaint-row__text">{c.text}</Text>
              <Text className="list-item__meta complaint-row__deadline">
                {acknowledged ? `解决期限 ${formatDateTime(c.resolveDueAt)}` : `受理期限 ${formatDateTime(c.ackDueAt)}`}
                {overdue ? '（已超时）' : ''}
                {c.escalated ? ' · 已升级' : ''}
              </Text>
            </View>
          )
        })}
      </Section>
    </PageContainer>
  )
}
