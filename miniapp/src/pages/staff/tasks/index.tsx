import { useCallback, useState } from 'react'
import DealershipPicker from '../../../components/DealershipPicker'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import Chips from '../../../components/Chips'
import ContactFields from '../../../components/ContactFields'
import ClaimReviews from '../../../components/ClaimReviews'
import { useSession } from '../../../hooks/useSession'
import { can } from '../../../services/session'
import { useDealershipScope } from '../../../hooks/useDealershipScope'
import { usePagedList } from '../../../hooks/usePagedList'
import { completeTask, listTasks } from '../../../services/tasks'
import { errorMessage } from '../../../services/request'
import type { TaskView } from '../../../services/api-types'
import { formatDate, formatDateTime } from '../../../utils/format'
import { TASK_KIND_LABELS } from '../../../utils/labels'
import { shanghaiDatePlus } from '../../../utils/tier'
import { validateContact, type ContactDraft } from '../../../utils/validation'
import { ROUTES, withQuery } from '../../../utils/routes'
import './index.scss'

const PAGE_SIZE = 20
const STATUS_OPTIONS = [
  { value: 'open' as const, label: '待处理' },
  { value: 'done' as const, label: '已完成' }
]

/**
 * Advisor care tasks (quarterly calls, holiday visits, win-back): mark done with the contact
 * made. Vehicle claims waiting for the advisor's (or a manager's) confirmation come first.
 */
export default function TasksPage() {
  const session = useSession()
  // A group admin works one store at a time: the one in the URL, else one picked here.
  const scope = useDealershipScope(session)
  const fromUrl = useRouter().params.dealershipId || undefined
  const dealershipId = fromUrl ?? scope.dealershipId
  const waiting = !fromUrl && scope.pending
  const staff = session?.kind === 'staff'
  const [status, setStatus] = useState<'open' | 'done'>('open')
  const [doing, setDoing] = useState<string | null>(null)
  const [draft, setDraft] = useState<ContactDraft>({ channel: '', outcome: '', note: '' })
  const [errors, setErrors] = useState<Partial<Record<keyof ContactDraft, string>>>({})
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const today = shanghaiDatePlus(new Date(), 0)

  const fetchPage = useCallback((next: number) => listTasks({ status, page: next, pageSize: PAGE_SIZE, dealershipId }), [status, dealershipId])
  const list = usePagedList(fetchPage, staff && !waiting)
  const { items, total, page, loading, error, hasMore, loadMore } = list

  function open(task: TaskView) {
    setDoing(doing === task.id ? null : task.id)
    setDraft({ channel: '', outcome: '', note: '' })
    setErrors({})
    setMessage(null)
  }

  async function submit(task: TaskView) {
    const problems = validateContact(draft)
    setErrors(problems)
    if (Object.keys(problems).length || !draft.channel) return
    setBusy(true)
    setMessage(null)
    try {
      await completeTask(task.id, { channel: draft.channel, outcome: draft.outcome.trim(), note: draft.note.trim() || undefined })
      setMessage({ ok: true, text: `已完成「${task.title}」，联系记录已写入客户档案` })
      setDoing(null)
      await list.reload()
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <PageContainer
      className="tasks e2e-page-staff-tasks"
      require="staff"
      loading={(loading && page === 0) || waiting}
      error={page === 0 ? error : null}
      onRetry={() => void list.reload()}
    >
      {can(session, 'vehicle-claims.review') ? <ClaimReviews who="staff" title="车辆认领待确认" /> : null}
      {!fromUrl ? <DealershipPicker scope={scope} hook="e2e-tasks-dealership" /> : null}
      <Section>
        <Chips hook="e2e-tasks-status" options={STATUS_OPTIONS} value={status} onChange={setStatus} />
        <Text className="hint e2e-tasks-total">共 {total} 项</Text>
        {message ? <Text className={`${message.ok ? 'success-text e2e-task-saved' : 'error-text e2e-task-error'}`}>{message.text}</Text> : null}
      </Section>
      <Section>
        {items.length === 0 && !loading ? <Text className="muted e2e-tasks-empty">{status === 'open' ? '没有待处理的任务' : '还没有完成的任务'}</Text> : null}
        {items.map((task) => {
          const overdue = task.status === 'open' && task.dueDate < today
          return (
            <View key={task.id} className={`list-item task e2e-task-item ${overdue ? 'task--overdue e2e-task-overdue' : ''}`}>
              <View className="task__head">
                <Text className="tag">{TASK_KIND_LABELS[task.kind]}</Text>
                <Text className="list-item__title e2e-task-title">{task.title}</Text>
              </View>
              {task.note ? <Text className="task__note">{task.note}</Text> : null}
              <Text className="list-item__meta">
                客户：
                <Text
                  className="task__customer e2e-task-customer"
                  onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.staffCustomer, { id: task.customer.id }) })}
                >
                  {task.customer.name}
                </Text>
                {' · '}
                {overdue ? '已逾期，' : ''}截止 {formatDate(task.dueDate)}
              </Text>
              {task.status === 'done' ? (
                <Text className="list-item__meta e2e-task-outcome">
                  已完成 {formatDateTime(task.doneAt)} · {task.outcome ?? ''}
                </Text>
              ) : doing === task.id ? (
                <View className="task__form e2e-task-form">
                  <ContactFields
                    draft={draft}
                    errors={errors}
                    onChange={setDraft}
                    hooks={{ channel: 'e2e-task-channel', outcome: 'e2e-task-outcome-input', note: 'e2e-task-note' }}
                    outcomePlaceholder="例如 已电话问候，客户下周到店保养"
                  />
                  <View className="actions">
                    <Button type="primary" size="small" className="e2e-task-submit" loading={busy} disabled={busy} onClick={() => void submit(task)}>
                      完成并记录联系
                    </Button>
                    <Button size="small" className="e2e-task-cancel" onClick={() => setDoing(null)}>
                      取消
                    </Button>
                  </View>
                </View>
              ) : (
                <View className="actions">
                  <Button size="small" type="primary" fill="outline" className="e2e-task-done" onClick={() => open(task)}>
                    标记完成
                  </Button>
                </View>
              )}
            </View>
          )
        })}
        {error && page > 0 ? <Text className="error-text">{errorMessage(error)}</Text> : null}
        {hasMore ? (
          <Button fill="none" block className="e2e-tasks-more" loading={loading} onClick={loadMore}>
            加载更多
          </Button>
        ) : null}
      </Section>
    </PageContainer>
  )
}
