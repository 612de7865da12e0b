import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Section from '../../../components/Section'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { decideAdjustment, listPendingAdjustments } from '../../../services/points'
import { errorMessage } from '../../../services/request'
import { can } from '../../../services/session'
import { formatDateTime } from '../../../utils/format'
import { formatPoints } from '../../../utils/points'

/** Manual adjustments above the threshold wait for a second manager (never the requester). */
export default function AdjustmentsSection({
  dealershipId,
  refresh = 0,
  onDecided
}: {
  dealershipId: string
  /** Changed by the page when it made a new adjustment: the queue is read again. */
  refresh?: number
  onDecided?: () => void
}) {
  const session = useSession()
  const myId = session?.kind === 'staff' ? session.staff.id : null
  const mayApprove = can(session, 'points.approve')
  const pending = useAsync(() => listPendingAdjustments(dealershipId), [dealershipId, refresh])
  const [message, setMessage] = useState<string | null>(null)
  const [busyId, setBusyId] = useState<string | null>(null)

  const decide = async (id: string, decision: 'approve' | 'reject') => {
    setBusyId(id)
    setMessage(null)
    let outcome: string
    try {
      await decideAdjustment(id, decision)
      outcome = decision === 'approve' ? '已批准并入账' : '已驳回'
    } catch (e) {
      outcome = errorMessage(e)
    }
    // The queue is read again before the outcome shows, so the message never sits beside a stale row.
    await pending.reload()
    setBusyId(null)
    setMessage(outcome)
    onDecided?.()
  }

  const items = pending.data?.items ?? []
  return (
    <Section title="待审批的积分调整" className="e2e-points-adjustments">
      {message ? <Text className="hint e2e-points-adjustments-message">{message}</Text> : null}
      {pending.error ? <Text className="error-text">{errorMessage(pending.error)}</Text> : null}
      {pending.data && items.length === 0 ? <Text className="muted">没有待审批的调整</Text> : null}
      {items.map((a) => (
        <View key={a.id} className="list-item e2e-points-adjustment">
          <Text className="list-item__title">
            {a.customerName ? `${a.customerName} ` : ''}
            {formatPoints(a.points)} 积分 · {a.reason}
          </Text>
          <Text className="list-item__meta">
            {a.requestedBy.name} 申请于 {formatDateTime(a.requestedAt)}
          </Text>
          {a.requestedBy.id === myId ? (
            <Text className="hint e2e-points-adjustment-own">本人提交的调整，需另一位经理审批</Text>
          ) : !mayApprove ? null : (
            <View className="manager-points__actions">
              <Button
                size="small"
                type="primary"
                className="e2e-points-adjustment-approve"
                loading={busyId === a.id}
                onClick={() => void decide(a.id, 'approve')}
              >
                批准
              </Button>
              <Button size="small" className="e2e-points-adjustment-reject" disabled={busyId === a.id} onClick={() => void decide(a.id, 'reject')}>
                驳回
              </Button>
            </View>
          )}
        </View>
      ))}
    </Section>
  )
}
