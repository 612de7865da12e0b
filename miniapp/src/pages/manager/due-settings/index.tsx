import { useEffect, useState } from 'react'
import DealershipPicker from '../../../components/DealershipPicker'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { DUE_TYPE_LABELS } from '@dealer/shared/domain/due/explain'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import Field from '../../../components/Field'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { useDealershipScope } from '../../../hooks/useDealershipScope'
import { getDueSettings, saveDueSettings } from '../../../services/due'
import { useSave } from '../../../hooks/useSave'
import { can } from '../../../services/session'
import { USAGE_LABELS } from '../../../utils/labels'
import { DUE_TYPE_ORDER, USAGES, draftToSettings, settingsToDraft, type DraftErrors, type DueSettingsDraft, type IntervalDraft } from './draft'
import './index.scss'

const EMPTY_INTERVAL: IntervalDraft = { months: '', km: '' }

function IntervalFields(props: {
  label: string
  hook: string
  value: IntervalDraft
  errorKey: string
  errors: DraftErrors
  disabled: boolean
  onChange: (value: IntervalDraft) => void
}) {
  const { label, hook, value, errorKey, errors, disabled, onChange } = props
  return (
    <View className={hook}>
      <Field
        label={`${label}：间隔月数`}
        className={`${hook}-months`}
        type="number"
        maxlength={2}
        value={value.months}
        disabled={disabled}
        error={errors[`${errorKey}.months`]}
        onChange={(months) => onChange({ ...value, months })}
      />
      <Field
        label={`${label}：间隔公里数`}
        className={`${hook}-km`}
        type="number"
        maxlength={5}
        value={value.km}
        disabled={disabled}
        error={errors[`${errorKey}.km`]}
        onChange={(km) => onChange({ ...value, km })}
      />
    </View>
  )
}

/** Manager: when vehicles fall due (intervals, per-series overrides, lead days, km/day defaults, control group). */
export default function DueSettingsPage() {
  const session = useSession()
  const reader = can(session, 'due.settings.read')
  const editor = can(session, 'due.settings.edit')
  const scope = useDealershipScope(session)
  const id = scope.effectiveId
  const enabled = reader && !!id
  const settings = useAsync(() => getDueSettings(id ?? ''), [id, enabled], enabled)
  const [draft, setDraft] = useState<DueSettingsDraft | null>(null)
  const [errors, setErrors] = useState<DraftErrors>({})
  const { saving, message, setMessage, save: write } = useSave()

  useEffect(() => {
    if (settings.data) setDraft(settingsToDraft(settings.data))
  }, [settings.data])

  async function save() {
    if (!draft || !id || !settings.data) return
    setMessage(null)
    const { settings: next, errors: problems } = draftToSettings(draft, settings.data)
    setErrors(problems)
    if (!next) {
      setMessage({ ok: false, text: '请检查标红的内容' })
      return
    }
    const saved = await write(() => saveDueSettings(id, next), '设置已保存，今晚重新计算到期时起生效')
    if (saved) settings.setData(saved)
  }

  const updateSeries = (index: number, change: Partial<DueSettingsDraft['series'][number]>) =>
    draft && setDraft({ ...draft, series: draft.series.map((r, i) => (i === index ? { ...r, ...change } : r)) })

  return (
    <PageContainer
      className="due-settings e2e-page-manager-due-settings"
      require="staff"
      capability="due.settings.read"
      loading={(settings.loading && !settings.data) || scope.pending}
      error={settings.error}
      onRetry={() => void settings.reload()}
    >
      <DealershipPicker scope={scope} hook="e2e-due-settings-dealership" />
      {draft ? (
        <View className="e2e-due-settings-form">
          <Section title="保养间隔（以先到者为准）">
            <IntervalFields
              label="首保"
              hook="e2e-due-first"
              value={draft.first}
              errorKey="first"
              errors={errors}
              disabled={!editor}
              onChange={(first) => setDraft({ ...draft, first })}
            />
            <IntervalFields
              label="定保"
              hook="e2e-due-regular"
              value={draft.regular}
              errorKey="regular"
              errors={errors}
              disabled={!editor}
              onChange={(regular) => setDraft({ ...draft, regular })}
            />
            <Text className="due-settings__subtitle">按车系单独设置（留空则用上面的间隔）</Text>
            {draft.series.map((row, index) => (
              <View key={index} className="due-settings__series e2e-due-series-row">
                <Field
                  label="车系（与车辆档案一致）"
                  className="e2e-due-series-name"
                  value={row.series}
                  maxlength={50}
                  disabled={!editor}
                  error={errors[`series.${index}.name`]}
                  onChange={(series) => updateSeries(index, { series })}
                />
                <IntervalFields
                  label="首保"
                  hook="e2e-due-series-first"
                  value={row.first}
                  errorKey={`series.${index}.first`}
                  errors={errors}
                  disabled={!editor}
                  onChange={(first) => updateSeries(index, { first })}
                />
                <IntervalFields
                  label="定保"
                  hook="e2e-due-series-regular"
                  value={row.regular}
                  errorKey={`series.${index}.regular`}
                  errors={errors}
                  disabled={!editor}
                  onChange={(regular) => updateSeries(index, { regular })}
                />
                {editor ? (
                  <Button
                    size="small"
                    fill="none"
                    className="e2e-due-series-remove"
                    onClick={() => setDraft({ ...draft, series: draft.series.filter((_, i) => i !== index) })}
                  >
                    删除此车系
                  </Button>
                ) : null}
              </View>
            ))}
            {editor ? (
              <Button
                size="small"
                className="e2e-due-series-add"
                onClick={() => setDraft({ ...draft, series: [...draft.series, { series: '', first: EMPTY_INTERVAL, regular: EMPTY_INTERVAL }] })}
              >
                ＋ 添加车系间隔
              </Button>
            ) : null}
          </Section>

          <Section title="提前提醒天数">
            {DUE_TYPE_ORDER.map((type) => (
              <Field
                key={type}
                label={`${DUE_TYPE_LABELS[type]}：到期前几天开始提醒`}
                className={`e2e-due-lead-${type}`}
                type="number"
                maxlength={3}
                value={draft.leadDays[type]}
                disabled={!editor}
                error={errors[`leadDays.${type}`]}
                onChange={(v) => setDraft({ ...draft, leadDays: { ...draft.leadDays, [type]: v } })}
              />
            ))}
          </Section>

          <Section title="日均行驶里程（车辆自身读数不足时使用）">
            {USAGES.map((usage) => (
              <Field
                key={usage}
                label={`${USAGE_LABELS[usage]}：每天公里数`}
                className={`e2e-due-km-per-day-${usage}`}
                type="number"
                maxlength={4}
                value={draft.kmPerDay[usage]}
                disabled={!editor}
                error={errors[`kmPerDay.${usage}`]}
                onChange={(v) => setDraft({ ...draft, kmPerDay: { ...draft.kmPerDay, [usage]: v } })}
              />
            ))}
          </Section>

          <Section title="对照组">
            <Field
              label="不发送提醒的车辆比例 %（0–50）"
              className="e2e-due-control-group"
              type="number"
              maxlength={2}
              value={draft.controlGroupPercent}
              disabled={!editor}
              error={errors.controlGroupPercent}
              onChange={(controlGroupPercent) => setDraft({ ...draft, controlGroupPercent })}
            />
            <Text className="hint">按车辆随机且固定地抽取，用于衡量提醒带来的回厂效果。</Text>
          </Section>

          {editor ? (
            <Section>
              {message ? (
                <Text className={message.ok ? 'success-text e2e-due-settings-saved' : 'error-text e2e-due-settings-error'}>{message.text}</Text>
              ) : null}
              <Button type="primary" block className="e2e-due-settings-save" loading={saving} disabled={saving} onClick={() => void save()}>
                保存设置
              </Button>
            </Section>
          ) : null}
        </View>
      ) : null}
    </PageContainer>
  )
}
