import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Chips from '../../../components/Chips'
import DealershipPicker from '../../../components/DealershipPicker'
import Field from '../../../components/Field'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import { useAsync } from '../../../hooks/useAsync'
import { useDealershipScope } from '../../../hooks/useDealershipScope'
import { useSession } from '../../../hooks/useSession'
import { createAdjustment, getCustomerPoints, listAdjustments } from '../../../services/points'
import { errorMessage } from '../../../services/request'
import { formatDateTime } from '../../../utils/format'
import { formatPoints } from '../../../utils/points'
import AdjustmentsSection from '../points/adjustments-section'
import { adjustmentRequestOf, EMPTY_ADJUSTMENT, type AdjustmentDraft } from './adjustment-draft'
import CustomerPicker, { type CustomerListItem } from './customer-picker'

const DIRECTIONS = [
  { value: 'credit' as const, label: '加分' },
  { value: 'debit' as const, label: '扣分' }
]

const STATUS_LABELS = { applied: '已入账', pending: '待审批', rejected: '已驳回' }

/**
 * Manager: a manual adjustment (customer, ± points, reason) — applied at once up to the
 * dealership's threshold, above it waiting for a second manager; the approval queue (one's
 * own requests are approved by someone else); the recent adjustments with their outcome.
 */
export default function PointsAdjustPage() {
  const session = useSession()
  const scope = useDealershipScope(session)
  const dealershipId = scope.effectiveId ?? ''
  const [customer, setCustomer] = useState<CustomerListItem | null>(null)
  const [draft, setDraft] = useState<AdjustmentDraft>(EMPTY_ADJUSTMENT)
  const [message, setMessage] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const [round, setRound] = useState(0)
  const account = useAsync(() => getCustomerPoints(draft.customerId), [draft.customerId, round], draft.customerId !== '')
  const recent = useAsync(() => listAdjustments(dealershipId), [dealershipId, round], dealershipId !== '')

  function pick(c: CustomerListItem) {
    setCustomer(c)
    setDraft({ ...draft, customerId: c.id })
  }

  async function submit() {
    setMessage(null)
    const request = adjustmentRequestOf(draft, dealershipId)
    if (typeof request === 'string') return setError(request)
    setError(null)
    setSaving(true)
    try {
      const made = await createAdjustment(request)
      setMessage(made.status === 'pending' ? '超过审批额度，已提交，待另一位经理审批' : `已入账 ${formatPoints(made.points)} 积分`)
      setDraft({ ...EMPTY_ADJUSTMENT, customerId: draft.customerId })
      setRound(round + 1)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setSaving(false)
    }
  }

  return (
    <PageContainer className="e2e-page-manager-points-adjust" require="staff" capability="points.manage" loading={scope.pending}>
      <DealershipPicker scope={scope} hook="e2e-points-dealership" />
      {dealershipId ? (
        <>
          <Section title="新建积分调整" className="e2e-adjust-form">
            <CustomerPicker dealershipId={dealershipId} picked={customer} onPick={pick} />
            {customer ? (
              <Text className="hint e2e-adjust-picked">
                已选：{customer.name}
                {account.data ? `，当前积分 ${account.data.account.balance}` : ''}
              </Text>
            ) : null}
            <Chips hook="e2e-adjust-direction" options={DIRECTIONS} value={draft.direction} onChange={(direction) => setDraft({ ...draft, direction })} />
            <Field label="积分" type="number" className="e2e-adjust-points" value={draft.points} onChange={(points) => setDraft({ ...draft, points })} />
            <Field
              label="原因"
              multiline
              className="e2e-adjust-reason"
              value={draft.reason}
              maxlength={200}
              onChange={(reason) => setDraft({ ...draft, reason })}
            />
            {error ? <Text className="error-text e2e-adjust-error">{error}</Text> : null}
            {message ? <Text className="hint e2e-adjust-message">{message}</Text> : null}
            <Button type="primary" block className="e2e-adjust-submit" loading={saving} onClick={() => void submit()}>
              提交调整
            </Button>
          </Section>
          <AdjustmentsSection dealershipId={dealershipId} refresh={round} onDecided={() => setRound(round + 1)} />
          <Section title="最近的调整" className="e2e-adjust-recent">
            {recent.error ? <Text className="error-text">{errorMessage(recent.error)}</Text> : null}
            {recent.data?.items.length === 0 ? <Text className="muted">暂无调整</Text> : null}
            {recent.data?.items.map((a) => (
              <View key={a.id} className={`list-item e2e-adjust-row e2e-adjust-row-${a.status}`}>
                <Text className="list-item__title">
                  {a.customerName || '客户'} {formatPoints(a.points)} 积分 · {STATUS_LABELS[a.status]}
                </Text>
                <Text className="list-item__meta">
                  {a.reason} · {a.requestedBy.name} {formatDateTime(a.requestedAt)}
                  {a.decidedBy && a.status !== 'applied' ? ` · ${a.decidedBy.name}审批` : ''}
                  {a.decidedBy && a.status === 'applied' && a.decidedBy.id !== a.requestedBy.id ? ` · ${a.decidedBy.name}批准` : ''}
                </Text>
              </View>
            ))}
          </Section>
        </>
      ) : (
        <Text className="muted">请选择门店</Text>
      )}
    </PageContainer>
  )
}
