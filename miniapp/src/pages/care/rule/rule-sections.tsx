import { View, Text } from '@tarojs/components'
import Section from '../../../components/Section'
import Field from '../../../components/Field'
import Chips from '../../../components/Chips'
import MultiChips from '../../../components/MultiChips'
import YesNoChips from '../../../components/YesNoChips'
import type { Tier } from '../../../services/api-types'
import type { DraftErrors, RuleDraft } from '../../../utils/care'
import {
  CARE_PLACEHOLDERS,
  CARE_PLACEHOLDER_LABELS,
  FESTIVAL_KEYS,
  FESTIVAL_LABELS,
  OCCASION_KINDS,
  OCCASION_LABELS,
  PLAN_LABELS,
  TIERS
} from '../../../utils/labels'

/** The sections of the care rule editor that edit the draft field by field. */
export interface RuleSectionProps {
  draft: RuleDraft
  errors: DraftErrors
  set: (patch: Partial<RuleDraft>) => void
}

export function OccasionSection({ draft, errors, set, title }: RuleSectionProps & { title: string }) {
  return (
    <Section title={title}>
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
  )
}

export function AudienceSection({ draft, set, segments }: Omit<RuleSectionProps, 'errors'> & { segments: ReadonlyArray<{ id: string; name: string }> }) {
  const toggleTier = (t: Tier) => set({ tiers: draft.tiers.includes(t) ? draft.tiers.filter((x) => x !== t) : [...draft.tiers, t] })
  return (
    <Section title="受众">
      <MultiChips
        label="客户等级（不选 = 全部等级）"
        hook="e2e-rule-tiers"
        options={TIERS.map((t) => ({ value: t, label: `${t}类` }))}
        value={draft.tiers}
        onToggle={(t) => toggleTier(t as Tier)}
      />
      <YesNoChips label="包含未分级客户" hook="e2e-rule-untiered" value={draft.includeUntiered} onChange={(includeUntiered) => set({ includeUntiered })} />
      <Chips
        label="限定分群"
        hook="e2e-rule-segment"
        options={[{ value: 'none', label: '不限' }, ...segments.map((s) => ({ value: s.id, label: s.name }))]}
        value={draft.segmentId || 'none'}
        onChange={(v) => set({ segmentId: v === 'none' ? '' : v })}
      />
      <YesNoChips label="需要营销消息授权" hook="e2e-rule-consent" value={draft.consentRequired} onChange={(consentRequired) => set({ consentRequired })} />
    </Section>
  )
}

export function MessageSection({ draft, errors, set }: RuleSectionProps) {
  return (
    <Section title="消息内容">
      <Field label="标题" className="e2e-rule-title" value={draft.title} maxlength={30} error={errors.title} onChange={(title) => set({ title })} />
      <Field label="正文" className="e2e-rule-body" value={draft.body} multiline maxlength={300} error={errors.body} onChange={(body) => set({ body })} />
      <View className="care__placeholders">
        <Text className="hint">可用占位符：{CARE_PLACEHOLDERS.map((p) => `{${p}} ${CARE_PLACEHOLDER_LABELS[p]}`).join('，')}</Text>
      </View>
    </Section>
  )
}

export function TimingSection({ draft, errors, set }: RuleSectionProps) {
  return (
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
      <YesNoChips label="启用" hook="e2e-rule-enabled" value={draft.enabled} onChange={(enabled) => set({ enabled })} />
    </Section>
  )
}
