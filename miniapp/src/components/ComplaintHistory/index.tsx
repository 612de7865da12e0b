import { View, Text } from '@tarojs/components'
import Section from '../Section'
import type { ComplaintEvent } from '../../services/api-types'
import { COMPLAINT_ACTION_LABELS, COMPLAINT_STATUS_LABELS } from '../../utils/aftercare'
import { formatDateTime } from '../../utils/format'
import './index.scss'

/** A complaint's status history, oldest first (the owner's view has no internal notes). */
export default function ComplaintHistory({ events }: { events: readonly ComplaintEvent[] }) {
  return (
    <Section title="处理记录" className="e2e-complaint-history">
      {events.map((e) => (
        <View key={e.version} className="complaint-history__item e2e-complaint-event">
          <Text className="complaint-history__what">
            {COMPLAINT_ACTION_LABELS[e.action] ?? e.action} · {COMPLAINT_STATUS_LABELS[e.toStatus]}
          </Text>
          <Text className="list-item__meta">
            {formatDateTime(e.at)} {e.by}
          </Text>
          {e.note ? <Text className="complaint-history__note">{e.note}</Text> : null}
        </View>
      ))}
    </Section>
  )
}
