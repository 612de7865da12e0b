import { useCallback, useState } from 'react'
import DealershipPicker from '../../../components/DealershipPicker'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import Chips from '../../../components/Chips'
import { useSession } from '../../../hooks/useSession'
import { useAsync } from '../../../hooks/useAsync'
import { useDealershipScope } from '../../../hooks/useDealershipScope'
import { usePagedList } from '../../../hooks/usePagedList'
import { can } from '../../../services/session'
import { listStaff } from '../../../services/staff'
import { loadWorkbench, pushReminder } from '../../../services/reminders'
import { errorMessage } from '../../../services/request'
import type { WorkbenchItem, WorkbenchQuery } from '../../../services/api-types'
import { DUE_TYPE_LABELS, REMINDER_STATES, REMINDER_STATE_LABELS } from '../../../utils/labels'
import { ROUTES, withQuery } from '../../../utils/routes'
import CallForm from './CallForm'
import ReminderCard from './ReminderCard'
import './index.scss'

const PAGE_SIZE = 20
const ALL = 'all'
type DueTypeKey = keyof typeof DUE_TYPE_LABELS
const TYPE_OPTIONS = [
  { value: ALL, label: '全部类型' },
  ...(Object.keys(DUE_TYPE_LABELS) as DueTypeKey[]).map((value) => ({ value, label: DUE_TYPE_LABELS[value] }))
]
const STATE_OPTIONS = [{ value: ALL, label: '全部状态' }, ...REMINDER_STATES.map((value) => ({ value, label: REMINDER_STATE_LABELS[value] }))]

/**
 * The advisor's workbench (到期提醒): their customers whose maintenance, insurance, inspection
 * or warranty is due, A/B customers first; push the one reminder, log calls, book for them.
 * Managers see the whole store and may pick one advisor.
 */
export default function RemindersPage() {
  const session = useSession()
  const scope = useDealershipScope(session)
  const fromUrl = useRouter().params.dealershipId || undefined
  const dealershipId = fromUrl ?? scope.dealershipId
  const waiting = !fromUrl && scope.pending
  const staff = session?.kind === 'staff'
  const mayListStaff = can(session, 'staff.manage')
  const mayBook = can(session, 'bookings.work')
  const [type, setType] = useState<string>(ALL)
  const [state, setState] = useState<string>(ALL)
  const [advisorId, setAdvisorId] = useState<string>(ALL)
  const [calling, setCalling] = useState<string | null>(null)
  const [pushing, setPushing] = useState<string | null>(null)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)

  const advisors = useAsync(() => listStaff(), [mayListStaff], mayListStaff)
  const advisorOptions = [
    { value: ALL, label: '全部顾问' },
    ...(advisors.data?.items ?? []).filter((s) => s.role === 'advisor' && !s.disabled).map((s) => ({ value: s.id, label: s.name }))
  ]

  const fetchPage = useCallback(
    (next: number) => {
      const query: WorkbenchQuery = { page: next, pageSize: PAGE_SIZE, dealershipId }
      if (type !== ALL) query.type = type as WorkbenchQuery['type']
      if (state !== ALL) query.state = state as WorkbenchQuery['state']
      if (advisorId !== ALL) query.advisorId = advisorId
      return loadWorkbench(query)
    },
    [type, state, advisorId, dealershipId]
  )
  const list = usePagedList(fetchPage, staff && !waiting)
  const { items, total, page, loading, error, hasMore, loadMore } = list

  async function push(item: WorkbenchItem) {
    setPushing(item.dueEventId)
    setMessage(null)
    try {
      const result = await pushReminder(item.dueEventId)
      setMessage({ ok: true, text: `${item.customer.name}：${result.message}` })
      await list.reload()
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) })
    } finally {
      setPushing(null)
    }
  }

  async function called(text: string) {
    setCalling(null)
    setMessage({ ok: true, text })
    await list.reload()
  }

  const book = (item: WorkbenchItem) =>
    void Taro.navigateTo({
      url: withQuery(ROUTES.staffBookingNew, { vehicleId: item.vehicle.id, serviceType: item.bookingServiceType, dealershipId })
    })

  return (
    <PageContainer
      className="reminders e2e-page-staff-reminders"
      require="staff"
      capability="reminders.work"
      loading={(loading && page === 0) || waiting}
      error={page === 0 ? error : null}
      onRetry={() => void list.reload()}
    >
      {!fromUrl ? <DealershipPicker scope={scope} hook="e2e-reminders-dealership" /> : null}
      <Section>
        {mayBook ? (
          <View className="reminders__links">
            <Text className="reminders__link e2e-reminders-today-bookings" onClick={() => void Taro.navigateTo({ url: ROUTES.staffBookings })}>
              今日预约 ›
            </Text>
          </View>
        ) : null}
        <Chips hook="e2e-reminders-type" options={TYPE_OPTIONS} value={type} onChange={setType} />
        <Chips hook="e2e-reminders-state" options={STATE_OPTIONS} value={state} onChange={setState} />
        {mayListStaff ? <Chips hook="e2e-reminders-advisor" options={advisorOptions} value={advisorId} onChange={setAdvisorId} /> : null}
        <Text className="hint e2e-reminders-total">共 {total} 位客户待跟进</Text>
        {message ? <Text className={message.ok ? 'success-text e2e-reminders-message' : 'error-text e2e-reminders-error'}>{message.text}</Text> : null}
      </Section>
      <Section>
        {items.length === 0 && !loading ? <Text className="muted e2e-reminders-empty">没有符合条件的到期客户</Text> : null}
        {items.map((item) => (
          <ReminderCard
            key={item.dueEventId}
            item={item}
            mayBook={mayBook}
            pushing={pushing === item.dueEventId}
            onPush={() => void push(item)}
            onCall={() => {
              setCalling(calling === item.dueEventId ? null : item.dueEventId)
              setMessage(null)
            }}
            onBook={() => book(item)}
          >
            {calling === item.dueEventId ? (
              <CallForm dueEventId={item.dueEventId} onSaved={(text) => void called(text)} onCancel={() => setCalling(null)} />
            ) : undefined}
          </ReminderCard>
        ))}
        {error && page > 0 ? <Text className="error-text">{errorMessage(error)}</Text> : null}
        {hasMore ? (
          <Button fill="none" block className="e2e-reminders-more" loading={loading} onClick={loadMore}>
            加载更多
          </Button>
        ) : null}
      </Section>
    </PageContainer>
  )
}
