import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import Field from '../../../components/Field'
import Chips from '../../../components/Chips'
import MultiChips from '../../../components/MultiChips'
import ConfirmDialog from '../../../components/ConfirmDialog'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { createCareRule, deleteCareRule, getCareTemplates, listCareRules, updateCareRule } from '../../../services/care'
import { listSegments } from '../../../services/segments'
import { errorMessage } from '../../../services/request'
import { can } from '../../../services/session'
import type { Tier } from '../../../services/api-types'
import { dataForTemplate, draftFromRule, draftToRequest, emptyDraft, keywordLimit, validateDraft, type DraftErrors, type RuleDraft } from '../../../utils/care'
import {
  CARE_PLACEHOLDERS,
  CARE_PLACEHOLDER_LABELS,
  CHANNEL_KINDS,
  CHANNEL_KIND_LABELS,
  FESTIVAL_KEYS,
  FESTIVAL_LABELS,
  OCCASION_KINDS,
  OCCASION_LABELS,
  PLAN_LABELS,
  CARE_TASK_KINDS,
  TASK_KIND_LABELS,
  TIERS
} from '../../../utils/labels'
import { ROUTES, withQuery } from '../../../utils/routes'
import '../care.scss'

const YES_NO = [
  { value: 'yes' as const, label: '是' },
  { value: 'no' as const, label: '否' }
]
const yn = (v: boolean) => (v ? 'yes' : 'no')

/** Create or edit one care rule: occasion, audience, channel, message, timing, on/off. */
export default function CareRulePage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const dealershipId = params.dealershipId || undefined
  const session = useSession()
  const enabled = can(session, 'care.rules.edit')
  const data = useAsync(
    async () => {
      const [rules, templates, segments] = await Promise.all([
        id ? listCareRules(dealershipId) : Promise.resolve({ items: [] }),
        getCareTemplates(dealershipId).catch(() => ({ templates: [] })),
        listSegments(dealershipId).catch(() => ({ items: [] }))
      ])
      const rule = id ? rules.items.find((r) => r.id === id) : undefined
      if (id && !rule) throw new Error('规则不存在或已删除')
      return { rule, templates: templates.templates, segments: segments.items }
    },
    [id, dealershipId, enabled],
    enabled
  )
  const [draft, setDraft] = useState<RuleDraft>(emptyDraft())
  const [errors, setErrors] = useState<DraftErrors>({})
  const [busy, setBusy] = useState(false)
  const [confirmDelete, setConfirmDelete] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const [savedId, setSavedId] = useState(id)

  useEffect(() => {
    if (data.data?.rule) setDraft(draftFromRule(data.data.rule))
  }, [data.data])

  const templates = data.data?.templates ?? []
  const template = templates.find((t) => t.templateId === draft.templateId)
  const set = (patch: Partial<RuleDraft>) => setDraft((d) => ({ ...d, ...patch }))

  function chooseTemplate(key: string) {
    const chosen = templates.find((t) => t.key === key)
    if (chosen) set({ templateId: chosen.templateId, data: dataForTemplate(chosen, draft.data) })
  }

  async function save() {
    setMessage(null)
    const problems = validateDraft(draft, templates)
    setErrors(problems)
    if (Object.keys(problems).length) {
      setMessage({ ok: false, text: '请检查标红的内容' })
      return
    }
    setBusy(true)
    try {
      const body = draftToRequest(draft)
      const saved = savedId ? await updateCareRule(savedId, body, dealershipId) : await createCareRule(body, dealershipId)
      setSavedId(saved.id)
      setDraft(draftFromRule(saved))
      setMessage({ ok: true, text: `已保存「${saved.name}」` })
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) })
    } finally {
      setBusy(false)
    }
  }

  async function remove() {
    if (!savedId) return
    setBusy(true)
    try {
      await deleteCareRule(savedId, dealershipId)
      setConfirmDelete(false)
      await Taro.navigateBack()
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) })
      setConfirmDelete(false)
    } finally {
      setBusy(false)
    }
  }

  return (
    <PageContainer
      className="e2e-page-care-rule"
      require="staff"
      capability="care.rules.edit"
      loading={data.loading && !data.data}
      error={data.error}
      onRetry={() => void data.reload()}
    >
      <Section title={savedId ? '编辑规则' : '新建规则'}>
        <Field label="规则名称" className="e2e-rule-name" value={draft.name} maxlength={30} error={errors.name} onChange={(name) => set({ name })} />
        <Chips
          label="计划"
          hook="e2e-rule-plan"
          options={(['key', 'routine', 'all'] as const).map((v) => ({ value: v, label: PLAN_LABELS[v] }))}
          value={draft.plan}
          onChange={(plan) => set({ plan })}
        />
        <Chips
          label="关怀时机"
          hook="e2e-rule-occasion"
          options={OCCASION_KINDS.map((v) => ({ value: v, label: OCCASION_LABELS[v] }))}
          value={draft.occasionKind}
          onChange={(occasionKind) => set({ occasionKind })}
        />
        {draft.occasionKind === 'festival' ? (
          <Chips
            label="节日"
            hook="e2e-rule-festival"
            options={FESTIVAL_KEYS.map((v) => ({ value: v, label: FESTIVAL_LABELS[v] }))}
            value={draft.festival}
            error={errors.festival}
            onChange={(festival) => set({ festival })}
          />
        ) : null}
        {draft.occasionKind === 'tier_touchpoint' ? (
          <Field
            label="每隔几个月（从 1 月起，3 = 每季度）"
            className="e2e-rule-every-months"
            type="number"
            value={draft.everyMonths}
            maxlength={2}
            error={errors.everyMonths}
            onChange={(everyMonths) => set({ everyMonths })}
          />
        ) : null}
        {draft.occasionKind === 'birthday' ? <Text className="hint">按客户档案中的生日发送：农历生日按当年农历日期换算。</Text> : null}
      </Section>

      <Section title="受众">
        <MultiChips
          label="客户等级（不选 = 全部等级）"
          hook="e2e-rule-tiers"
          options={TIERS.map((t) => ({ value: t, label: `${t}类` }))}
          value={draft.tiers}
          onToggle={(t) => set({ tiers: draft.tiers.includes(t as Tier) ? draft.tiers.filter((x) => x !== t) : [...draft.tiers, t as Tier] })}
        />
        <Chips
          label="包含未分级客户"
          hook="e2e-rule-untiered"
          options={YES_NO}
          value={yn(draft.includeUntiered)}
          onChange={(v) => set({ includeUntiered: v === 'yes' })}
        />
        <Chips
          label="限定分群"
          hook="e2e-rule-segment"
          options={[{ value: 'none', label: '不限' }, ...(data.data?.segments ?? []).map((s) => ({ value: s.id, label: s.name }))]}
          value={draft.segmentId || 'none'}
          onChange={(v) => set({ segmentId: v === 'none' ? '' : v })}
        />
        <Chips
          label="需要营销消息授权"
          hook="e2e-rule-consent"
          options={YES_NO}
          value={yn(draft.consentRequired)}
          onChange={(v) => set({ consentRequired: v === 'yes' })}
        />
      </Section>

      <Section title="渠道">
        <Chips
          hook="e2e-rule-channel"
          options={CHANNEL_KINDS.map((v) => ({ value: v, label: CHANNEL_KIND_LABELS[v] }))}
          value={draft.channelKind}
          onChange={(channelKind) => set({ channelKind })}
        />
        {draft.channelKind === 'subscribe' ? (
          <View>
            {templates.length ? (
              <Chips
                label="消息模板"
                hook="e2e-rule-template"
                options={templates.map((t) => ({ value: t.key, label: t.title }))}
                value={template?.key ?? ''}
                error={errors.templateId}
                onChange={chooseTemplate}
              />
            ) : (
              <Text className="error-text">本店还没有配置订阅消息模板</Text>
            )}
            {Object.keys(draft.data).map((keyword) => {
              const limit = keywordLimit(keyword)
              return (
                <View key={keyword} className="care__keyword">
                  <Field
                    label={`${keyword}${limit ? `（发送时截断至 ${limit} 字）` : ''}`}
                    className={`e2e-rule-keyword-${keyword}`}
                    value={draft.data[keyword]}
                    maxlength={100}
                    error={errors[`data.${keyword}`]}
                    onChange={(text) => set({ data: { ...draft.data, [keyword]: text } })}
                  />
                </View>
              )
            })}
            <Field
              label="点击消息打开的页面（选填）"
              className="e2e-rule-page"
              value={draft.page}
              placeholder="pages/owner/notices/index"
              maxlength={200}
              error={errors.page}
              onChange={(page) => set({ page })}
            />
            <Text className="hint">车主未订阅或次数用完时，消息只进站内信，发送记录会注明原因。</Text>
          </View>
        ) : null}
        {draft.channelKind === 'advisor_task' ? (
          <Chips
            label="任务类型"
            hook="e2e-rule-task"
            options={CARE_TASK_KINDS.map((v) => ({ value: v, label: TASK_KIND_LABELS[v] }))}
            value={draft.task}
            onChange={(task) => set({ task })}
          />
        ) : null}
      </Section>

      <Section title="消息内容">
        <Field label="标题" className="e2e-rule-title" value={draft.title} maxlength={30} error={errors.title} onChange={(title) => set({ title })} />
        <Field label="正文" className="e2e-rule-body" value={draft.body} multiline maxlength={300} error={errors.body} onChange={(body) => set({ body })} />
        <View className="care__placeholders">
          <Text className="hint">可用占位符：{CARE_PLACEHOLDERS.map((p) => `{${p}} ${CARE_PLACEHOLDER_LABELS[p]}`).join('，')}</Text>
        </View>
      </Section>

      <Section title="发送时间">
        <Field
          label="提前天数（0 = 当天）"
          className="e2e-rule-lead-days"
          type="number"
          value={draft.leadDays}
          maxlength={2}
          error={errors.leadDays}
          onChange={(leadDays) => set({ leadDays })}
        />
        <Field
          label="发送时段开始（北京时间）"
          className="e2e-rule-window-start"
          value={draft.windowStart}
          maxlength={5}
          placeholder="09:00"
          error={errors.windowStart}
          onChange={(windowStart) => set({ windowStart })}
        />
        <Field
          label="发送时段结束"
          className="e2e-rule-window-end"
          value={draft.windowEnd}
          maxlength={5}
          placeholder="21:00"
          error={errors.windowEnd}
          onChange={(windowEnd) => set({ windowEnd })}
        />
        <Chips label="启用" hook="e2e-rule-enabled" options={YES_NO} value={yn(draft.enabled)} onChange={(v) => set({ enabled: v === 'yes' })} />
      </Section>

      <Section>
        {message ? <Text className={`${message.ok ? 'success-text e2e-rule-saved' : 'error-text e2e-rule-error'}`}>{message.text}</Text> : null}
        <View className="actions">
          <Button type="primary" className="e2e-rule-save" loading={busy} disabled={busy} onClick={() => void save()}>
            保存规则
          </Button>
          <Button className="e2e-rule-preview" onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.carePreview, { dealershipId }) })}>
            预览发送
          </Button>
          {savedId ? (
            <Button fill="none" className="e2e-rule-delete" onClick={() => setConfirmDelete(true)}>
              删除
            </Button>
          ) : null}
        </View>
      </Section>
      <ConfirmDialog
        visible={confirmDelete}
        title="删除规则"
        content="删除后不再按此规则发送；已发送的记录保留。"
        confirmText="删除"
        danger
        busy={busy}
        onConfirm={() => void remove()}
        onCancel={() => setConfirmDelete(false)}
      />
    </PageContainer>
  )
}
