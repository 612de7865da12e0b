import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Section from '../Section'
import ConfirmDialog from '../ConfirmDialog'
import { useAsync } from '../../hooks/useAsync'
import { decideClaim, listClaimReviews, type ClaimReviewer } from '../../services/vehicleClaims'
import { errorMessage } from '../../services/request'
import type { ClaimDecision, ClaimReview } from '../../services/api-types'
import { formatDateTime } from '../../utils/format'
import './index.scss'

export interface ClaimReviewsProps {
  who: ClaimReviewer
  title: string
  /** Called after a decision was recorded (the page may reload what it shows). */
  onDecided?: () => void
}

const DECISION_TEXT: Record<ClaimDecision, string> = { approve: '同意', decline: '拒绝' }

/**
 * Claims by another car owner that wait for this reader's decision: the advisor's or
 * manager's task list, or the archive owner's vehicles page. Shows nothing when none wait.
 */
export default function ClaimReviews({ who, title, onDecided }: ClaimReviewsProps) {
  const reviews = useAsync(() => listClaimReviews(who), [who])
  const [asking, setAsking] = useState<{ review: ClaimReview; decision: ClaimDecision } | null>(null)
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const items = reviews.data?.items ?? []

  async function confirm() {
    if (!asking) return
    const { review, decision } = asking
    setBusy(true)
    setMessage(null)
    try {
      await decideClaim(who, review.id, decision)
      setMessage({
        ok: true,
        text: decision === 'approve' ? `已同意，${review.vehicle.plate ?? ''} 已加入申请人的车辆` : `已拒绝 ${review.claimant.name} 的认领申请`
      })
      onDecided?.()
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) })
    } finally {
      setBusy(false)
      setAsking(null)
      await reviews.reload()
    }
  }

  if (!items.length && !message) return null
  return (
    <Section title={title} className="claim-reviews e2e-claim-reviews">
      {message ? <Text className={message.ok ? 'success-text e2e-claim-review-done' : 'error-text e2e-claim-review-error'}>{message.text}</Text> : null}
      {items.map((review) => (
        <View key={review.id} className="list-item e2e-claim-review">
          <Text className="list-item__title e2e-claim-review-plate">{review.vehicle.plate ?? '无车牌'}</Text>
          <Text className="claim-reviews__vehicle">{review.vehicle.title}</Text>
          <Text className="list-item__meta">
            档案车主：{review.archive.name} · 申请人：{review.claimant.name}
            {review.claimant.mobileMasked ? `（${review.claimant.mobileMasked}）` : ''}
          </Text>
          <Text className="list-item__meta">申请时间 {formatDateTime(review.createdAt)}，申请人已核对车牌和车架号后六位</Text>
          <View className="actions">
            <Button size="small" type="primary" className="e2e-claim-review-approve" onClick={() => setAsking({ review, decision: 'approve' })}>
              同意认领
            </Button>
            <Button size="small" className="e2e-claim-review-decline" onClick={() => setAsking({ review, decision: 'decline' })}>
              拒绝
            </Button>
          </View>
        </View>
      ))}
      <ConfirmDialog
        visible={asking !== null}
        title={asking ? `${DECISION_TEXT[asking.decision]}认领` : ''}
        content={
          asking
            ? asking.decision === 'approve'
              ? `同意后，${asking.review.claimant.name} 可查看 ${asking.review.vehicle.plate ?? ''} 的车辆档案和服务记录。`
              : `拒绝后，${asking.review.claimant.name} 将看到认领未通过。`
            : ''
        }
        confirmText={asking ? DECISION_TEXT[asking.decision] : '确定'}
        danger={asking?.decision === 'decline'}
        busy={busy}
        onConfirm={() => void confirm()}
        onCancel={() => setAsking(null)}
      />
    </Section>
  )
}
