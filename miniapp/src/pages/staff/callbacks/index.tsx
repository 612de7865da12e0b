import { useState } from 'react'
import DealershipPicker from '../../../components/DealershipPicker'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import Chips from '../../../components/Chips'
import TierBadge from '../../../components/TierBadge'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { useDealershipScope } from '../../../hooks/useDealershipScope'
import { listCallbacks } from '../../../services/aftercare'
import type { CallbackView } from '../../../services/api-types'
import { CALLBACK_KIND_LABELS, CALLBACK_OUTCOME_LABELS } from '../../../utils/aftercare'
import { formatMoney } from '../../../utils/format'
import { ROUTES, withQuery } from '../../../utils/routes'
import CallbackForm from './CallbackForm'
import './index.scss'

const STATUS_OPTIONS = [
  { value: 'open' as const, label: '待回访' },
  { value: 'closed' as const, label: '已完成' }
]

/** 客户回访 (7DC / 3DC): A/B customers first, overdue ones in red; log each call here. */
export default function CallbacksPage() {
  const session = useSession()
  const scope = useDealershipScope(session)
  const staff = session?.kind === 'staff'
  const [status, setStatus] = useState<'open' | 'closed'>('open')
  const [doing, setDoing] = useState<string | null>(null)
  const [saved, setSaved] = useState<string | null>(null)
  const callbacks = useAsync(
    () => listCallbacks({ status, dealershipId: scope.dealershipId ?? undefined, pageSize: 100 }),
    [status, scope.dealershipId, staff],
    staff && !scope.pending
  )
  const items = callbacks.data?.items ?? []

  function done(c: CallbackView) {
    setDoing(null)
    const complaint = c.complaintId ? '，已登记投诉' : ''
    setSaved(`已记录${c.customer.name}的回访：${c.lastOutcome ? CALLBACK_OUTCOME_LABELS[c.lastOutcome] : ''}${complaint}`)
    void callbacks.reload()
  }

  return (
    <PageContainer
      className="callbacks e2e-page-staff-callbacks"
      require="staff"
      capability="aftercare.callbacks"
      loading={(callbacks.loading && !callbacks.data) || scope.pending}
      error={callbacks.error}
      onRetry={() => void callbacks.reload()}
    >
      <DealershipPicker scope={scope} hook="e2e-callbacks-dealership" />
      <Section>
        <Chips hook="e2e-callbacks-status" options={STATUS_OPTIONS} value={status} onChange={setStatus} />
        <Text className="hint e2e-callbacks-total">共 {callbacks.data?.total ?? 0} 条</Text>
        {saved ? <Text className="success-text e2e-callback-saved">{saved}</Text> : null}
      </Section>
      <Section>
        {items.length === 0 && !callbacks.loading ? (
          <Text className="muted e2e-callbacks-empty">{status === 'open' ? '今天没有待回访的客户' : '还没有完成的回访'}</Text>
        ) : null}
        {items.map((c) => (
          <View key={c.id} className={`list-item callback e2e-callback-item ${c.overdue ? 'callback--overdue e2e-callback-overdue' : ''}`}>
            <View className="callback__head">
              <TierBadge tier={c.customer.tier} />
              <Text
                className="list-item__title callback__name e2e-callback-customer"
                onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.staffCustomer, { id: c.customer.id }) })}
              >
                {c.customer.name}
              </Text>
              <Text className={`tag ${c.customer.bound ? 'callback__bound' : ''}`}>{c.customer.bound ? '已绑定' : '未绑定'}</Text>
              <Text className="tag">{CALLBACK_KIND_LABELS[c.kind]}</Text>
            </View>
            <Text className="list-item__meta">电话：{c.customer.mobile ?? '—'}</Text>
            <Text className="list-item__meta">
              {c.visit.date} {c.visit.plate ?? ''} {c.visit.vehicleTitle} {c.visit.roNumber ? `工单 ${c.visit.roNumber}` : ''}{' '}
              {c.visit.amountFen !== null ? formatMoney(c.visit.amountFen) : ''}
            </Text>
            {c.visit.items.length ? <Text className="list-item__meta">项目：{c.visit.items.join('、')}</Text> : null}
            <Text className="list-item__meta callback__due">
              应回访 {c.dueDate}
              {c.overdue ? '（已逾期）' : ''} · 已拨打 {c.attempts}/{c.maxAttempts} 次
              {c.lastOutcome ? ` · 上次：${CALLBACK_OUTCOME_LABELS[c.lastOutcome]}` : ''}
            </Text>
            {c.lastNote ? <Text className="list-item__meta">备注：{c.lastNote}</Text> : null}
            {c.complaintId ? (
              <Text
                className="callback__link e2e-callback-complaint"
                onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.managerComplaint, { id: c.complaintId ?? '' }) })}
              >
                查看投诉
              </Text>
            ) : null}
            {c.status === 'open' ? (
              doing === c.id ? (
                <CallbackForm callback={c} onDone={done} />
              ) : (
                <Text className="callback__link e2e-callback-log" onClick={() => (setDoing(c.id), setSaved(null))}>
                  记录回访
                </Text>
              )
            ) : null}
          </View>
        ))}
      </Section>
    </PageContainer>
  )
}
