import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import Chips from '../../../components/Chips'
import Field from '../../../components/Field'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { answerSurvey, getMySurvey } from '../../../services/aftercare'
import { errorMessage } from '../../../services/request'
import { SURVEY_RATING_KEYS, SURVEY_RATING_LABELS, RATING_OPTIONS, type SurveyRatingKey } from '../../../utils/aftercare'
import { ROUTES, withQuery } from '../../../utils/routes'
import './index.scss'

type Ratings = Partial<Record<SurveyRatingKey, string>>

/** 服务评价: four 1–5 ratings and an optional comment, answered once (the invitation opens it). */
export default function SurveyPage() {
  const session = useSession()
  const id = useRouter().params.id ?? ''
  const isOwner = session?.kind === 'owner'
  const survey = useAsync(() => getMySurvey(id), [id, isOwner], isOwner && id !== '')
  const [ratings, setRatings] = useState<Ratings>({})
  const [comment, setComment] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const data = survey.data

  async function submit() {
    const missing = SURVEY_RATING_KEYS.filter((k) => !ratings[k])
    if (missing.length) {
      setError(`请为「${missing.map((k) => SURVEY_RATING_LABELS[k]).join('、')}」打分`)
      return
    }
    setBusy(true)
    setError(null)
    try {
      const score = (k: SurveyRatingKey) => Number(ratings[k])
      const answered = await answerSurvey(id, {
        reception: score('reception'),
        quality: score('quality'),
        timeliness: score('timeliness'),
        price: score('price'),
        comment: comment.trim() || undefined
      })
      survey.setData(answered)
    } catch (e) {
      setError(errorMessage(e))
      void survey.reload()
    } finally {
      setBusy(false)
    }
  }

  const complain = () => void Taro.navigateTo({ url: withQuery(ROUTES.ownerComplaintNew, { visitKey: data?.visit.key }) })

  return (
    <PageContainer
      className="survey e2e-page-owner-survey"
      require="owner"
      loading={survey.loading && !data}
      error={id ? survey.error : '缺少评价编号'}
      onRetry={() => void survey.reload()}
    >
      {data ? (
        <>
          <Section title={data.dealershipName}>
            <Text className="list-item__meta">
              {data.visit.date} 到店 {data.visit.plate ?? ''} {data.visit.vehicleTitle}
            </Text>
            {data.visit.items.length ? <Text className="list-item__meta">服务项目：{data.visit.items.join('、')}</Text> : null}
          </Section>
          {data.answer ? (
            <Section title="已评价" className="e2e-survey-answered">
              {SURVEY_RATING_KEYS.map((k) => (
                <Text key={k} className="survey__score">
                  {SURVEY_RATING_LABELS[k]}：{data.answer?.[k]}分
                </Text>
              ))}
              {data.answer.comment ? <Text className="survey__score">评价：{data.answer.comment}</Text> : null}
              <Text className="hint">感谢您的评价！</Text>
            </Section>
          ) : (
            <Section title="请为本次服务打分（1–5分）">
              {SURVEY_RATING_KEYS.map((k) => (
                <Chips
                  key={k}
                  label={SURVEY_RATING_LABELS[k]}
                  hook={`e2e-survey-${k}`}
                  options={RATING_OPTIONS}
                  value={ratings[k] ?? ''}
                  onChange={(v) => setRatings((prev) => ({ ...prev, [k]: v }))}
                  disabled={busy}
                />
              ))}
              <Field label="意见和建议（选填）" className="e2e-survey-comment" value={comment} onChange={setComment} multiline maxlength={500} />
              {error ? <Text className="error-text e2e-survey-error">{error}</Text> : null}
              <Button type="primary" block className="e2e-survey-submit" loading={busy} disabled={busy} onClick={() => void submit()}>
                提交评价
              </Button>
            </Section>
          )}
          <View className="survey__complain">
            <Text className="survey__link e2e-survey-complain" onClick={complain}>
              对本次服务不满意？我要投诉
            </Text>
          </View>
        </>
      ) : null}
    </PageContainer>
  )
}
