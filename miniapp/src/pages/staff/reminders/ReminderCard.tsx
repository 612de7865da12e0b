import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import TierBadge from '../../../components/TierBadge'
import type { WorkbenchItem } from '../../../services/api-types'
import { formatDate, formatDateTime } from '../../../utils/format'
import { CALL_OUTCOME_LABELS, REMINDER_OUTCOME_LABELS, REMINDER_STATE_LABELS } from '../../../utils/labels'

interface ReminderCardProps {
  item: WorkbenchItem
  /** May book for the customer (bookings.work). */
  mayBook: boolean
  pushing: boolean
  children?: React.ReactNode
  onPush: () => void
  onCall: () => void
  onBook: () => void
}

function daysText(item: WorkbenchItem): string {
  if (item.daysLeft > 0) return `还有 ${item.daysLeft} 天`
  if (item.daysLeft === 0) return '今天到期'
  return `已超过 ${-item.daysLeft} 天`
}

function ownerBadges(item: WorkbenchItem) {
  if (!item.owner.bound) return <Text className="tag tag--muted e2e-reminder-unbound">未绑定</Text>
  return (
    <>
      <Text className="tag e2e-reminder-bound">已绑定</Text>
      <Text className={`tag ${item.owner.consentsLeft > 0 ? '' : 'tag--muted'} e2e-reminder-consents`}>
        {item.owner.consentsLeft > 0 ? `可推送 ${item.owner.consentsLeft} 次` : '无订阅次数'}
      </Text>
    </>
  )
}

/** One due event on the workbench: who, what is due, where it stands, and the actions. */
export default function ReminderCard({ item, mayBook, pushing, children, onPush, onCall, onBook }: ReminderCardProps) {
  const call = item.lastCall
  return (
    <View className={`list-item reminder e2e-reminder-item e2e-reminder-${item.state}`}>
      <View className="reminder__head">
        <TierBadge tier={item.tier} />
        <Text className="list-item__title e2e-reminder-customer">{item.customer.name}</Text>
        {item.vehicle.plate ? <Text className="reminder__plate">{item.vehicle.plate}</Text> : null}
        <Text className={`reminder__state reminder__state--${item.state} e2e-reminder-state`}>{REMINDER_STATE_LABELS[item.state]}</Text>
      </View>
      <Text className="reminder__title e2e-reminder-title">
        {item.title} · {formatDate(item.dueDate)}（{daysText(item)}）
      </Text>
      <Text className="reminder__explain">{item.explanation}</Text>
      <View className="reminder__badges">
        {item.controlGroup ? <Text className="tag tag--muted e2e-reminder-control">对照组</Text> : null}
        {ownerBadges(item)}
        {item.noShows > 0 ? <Text className="tag tag--warn e2e-reminder-noshows">爽约 {item.noShows} 次</Text> : null}
        {item.advisor ? <Text className="list-item__meta">顾问 {item.advisor.name}</Text> : null}
      </View>
      {item.reminder ? (
        <Text className="list-item__meta e2e-reminder-sent">
          {formatDateTime(item.reminder.at)} {item.reminder.by === 'run' ? '系统自动提醒' : '顾问推送'}：{REMINDER_OUTCOME_LABELS[item.reminder.outcome]}
        </Text>
      ) : null}
      {call ? (
        <Text className="list-item__meta e2e-reminder-last-call">
          最近通话 {formatDateTime(call.at)} {call.staff.name}：{CALL_OUTCOME_LABELS[call.outcome]}
          {call.callBackOn ? `（${formatDate(call.callBackOn)} 回电）` : ''}
          {call.note ? ` · ${call.note}` : ''}
        </Text>
      ) : null}
      {children ?? (
        <View className="actions">
          {item.controlGroup ? (
            <Text className="muted">对照组车辆不发送提醒</Text>
          ) : (
            <Button size="small" type="primary" className="e2e-reminder-push" loading={pushing} disabled={pushing || item.reminder !== null} onClick={onPush}>
              {item.reminder ? '已提醒' : '推送提醒'}
            </Button>
          )}
          <Button size="small" fill="outline" className="e2e-reminder-call" onClick={onCall}>
            记录通话
          </Button>
          {mayBook ? (
            <Button size="small" fill="outline" className="e2e-reminder-book" onClick={onBook}>
              代客预约
            </Button>
          ) : null}
        </View>
      )}
    </View>
  )
}
