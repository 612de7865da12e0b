import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import Section from '../../../components/Section'
import { useAsync } from '../../../hooks/useAsync'
import { getCustomerAftercare } from '../../../services/aftercare'
import { errorMessage } from '../../../services/request'
import type { SurveyView } from '../../../services/api-types'
import { COMPLAINT_CATEGORY_LABELS, COMPLAINT_STATUS_LABELS, SURVEY_RATING_KEYS, SURVEY_RATING_LABELS } from '../../../utils/aftercare'
import { formatDateTime } from '../../../utils/format'
import { ROUTES, withQuery } from '../../../utils/routes'

interface Props {
  customerId: string
  /** Staff who handle complaints open one from here. */
  canOpenComplaints: boolean
}

function surveyText(s: SurveyView): string {
  if (!s.answer) return '待评价'
  const answer = s.answer
  return SURVEY_RATING_KEYS.map((k) => `${SURVEY_RATING_LABELS[k]} ${answer[k]}分`).join(' · ')
}

/** 满意度与投诉 of the archive: the visits' surveys (scores or pending) and the complaints with their status. */
export default function AftercareSection({ customerId, canOpenComplaints }: Props) {
  const aftercare = useAsync(() => getCustomerAftercare(customerId), [customerId])
  const data = aftercare.data
  return (
    <Section title="满意度与投诉" className="e2e-customer-aftercare">
      {aftercare.error ? <Text className="error-text">{errorMessage(aftercare.error)}</Text> : null}
      {!data && !aftercare.error ? <Text className="muted">加载中…</Text> : null}
      {data ? (
        <View>
          {data.surveys.length === 0 && data.complaints.length === 0 ? <Text className="muted">暂无评价和投诉</Text> : null}
          {data.surveys.map((s) => (
            <View key={s.id} className="list-item e2e-customer-survey">
              <Text className="list-item__title">
                满意度评价 · {s.visit.date}
                {s.visit.roNumber ? ` · ${s.visit.roNumber}` : ''}
              </Text>
              <Text className="list-item__meta">{surveyText(s)}</Text>
              {s.answer?.comment ? <Text className="list-item__meta">“{s.answer.comment}”</Text> : null}
            </View>
          ))}
          {data.complaints.map((c) => (
            <View
              key={c.id}
              className="list-item e2e-customer-complaint"
              onClick={canOpenComplaints ? () => void Taro.navigateTo({ url: withQuery(ROUTES.managerComplaint, { id: c.id }) }) : undefined}
            >
              <Text className="list-item__title">
                投诉 · {COMPLAINT_CATEGORY_LABELS[c.category]} · {COMPLAINT_STATUS_LABELS[c.status]}
              </Text>
              <Text className="list-item__meta">
                {formatDateTime(c.createdAt)} · {c.text}
              </Text>
            </View>
          ))}
        </View>
      ) : null}
    </Section>
  )
}
