import { View, Text } from '@tarojs/components'
import Section from '../../../components/Section'
import Field from '../../../components/Field'
import Chips from '../../../components/Chips'
import MultiChips from '../../../components/MultiChips'
import type { SegmentList } from '../../../services/api-types'
import { EARNING_ACTION_LABELS } from '../../../utils/lottery'
import { TIERS } from '../../../utils/labels'
import type { CampaignDraft } from '../../../utils/lottery-draft'
import type { EarningAction } from '@dealer/shared/domain/lottery'

interface SectionProps {
  draft: CampaignDraft
  set: (change: Partial<CampaignDraft>) => void
  /** After publication only the end, the claim deadline and the points cost may change. */
  published: boolean
}

const YES_NO = [
  { value: 'yes', label: '是' },
  { value: 'no', label: '否' }
] as const
const yesNo = (flag: boolean) => (flag ? 'yes' : 'no')
const toggle = <T extends string>(list: readonly T[], value: T): T[] => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value])

export function BasicsSection({ draft, set, published }: SectionProps) {
  return (
    <Section title="基本信息">
      <Field label="活动名称" className="e2e-lottery-name" value={draft.name} maxlength={60} disabled={published} onChange={(name) => set({ name })} />
      <Field
        label="开始时间（北京时间）"
        className="e2e-lottery-starts"
        value={draft.startsAt}
        disabled={published}
        onChange={(startsAt) => set({ startsAt })}
      />
      <Field label="结束时间" className="e2e-lottery-ends" value={draft.endsAt} onChange={(endsAt) => set({ endsAt })} />
      <Field label="领奖截止时间" className="e2e-lottery-claim-deadline" value={draft.claimDeadline} onChange={(claimDeadline) => set({ claimDeadline })} />
    </Section>
  )
}

export function AudienceSection({ draft, set, published, segments }: SectionProps & { segments: SegmentList | undefined }) {
  return (
    <Section title="参与对象">
      <Chips
        label="全部绑定车主"
        hook="e2e-lottery-all-bound"
        options={YES_NO}
        value={yesNo(draft.allBound)}
        disabled={published}
        onChange={(v) => set({ allBound: v === 'yes' })}
      />
      <MultiChips
        label="客户等级"
        hook="e2e-lottery-tiers"
        options={TIERS.map((t) => ({ value: t, label: `${t} 级` }))}
        value={draft.tiers}
        onToggle={(t) => !published && set({ tiers: toggle(draft.tiers, t as CampaignDraft['tiers'][number]) })}
      />
      {segments && segments.items.length > 0 ? (
        <Chips
          label="客户分组"
          hook="e2e-lottery-segment"
          options={[{ value: '', label: '不限' }, ...segments.items.map((s) => ({ value: s.id, label: s.name }))]}
          value={draft.segmentId}
          disabled={published}
          onChange={(segmentId) => set({ segmentId })}
        />
      ) : null}
      <Chips
        label="活动现场扫码新客"
        hook="e2e-lottery-prospects"
        options={YES_NO}
        value={yesNo(draft.prospects)}
        disabled={published}
        onChange={(v) => set({ prospects: v === 'yes' })}
      />
    </Section>
  )
}

const EARNING_OPTIONS = (Object.keys(EARNING_ACTION_LABELS) as EarningAction[]).map((value) => ({ value, label: EARNING_ACTION_LABELS[value] }))

export function EntrySection({ draft, set, published }: SectionProps) {
  return (
    <Section title="参与方式与次数">
      <Field
        label="每人每天免费次数"
        className="e2e-lottery-free-day"
        type="number"
        value={draft.freePerDay}
        disabled={published}
        onChange={(freePerDay) => set({ freePerDay })}
      />
      <Field
        label="活动期间免费次数"
        className="e2e-lottery-free-campaign"
        type="number"
        value={draft.freePerCampaign}
        disabled={published}
        onChange={(freePerCampaign) => set({ freePerCampaign })}
      />
      <Field
        label="每次消耗积分（留空：不能用积分抽）"
        className="e2e-lottery-points-per-draw"
        type="number"
        value={draft.pointsPerDraw}
        onChange={(pointsPerDraw) => set({ pointsPerDraw })}
      />
      <MultiChips
        label="完成以下行为各得 1 次机会"
        hook="e2e-lottery-earned-by"
        options={EARNING_OPTIONS}
        value={draft.earnedBy}
        onToggle={(a) => !published && set({ earnedBy: toggle(draft.earnedBy, a as EarningAction) })}
      />
      <Field
        label="每人每天最多抽（留空：不限）"
        className="e2e-lottery-per-day"
        type="number"
        value={draft.perDay}
        disabled={published}
        onChange={(perDay) => set({ perDay })}
      />
      <Field
        label="活动期间每人最多抽（留空：不限）"
        className="e2e-lottery-per-campaign"
        type="number"
        value={draft.perCampaign}
        disabled={published}
        onChange={(perCampaign) => set({ perCampaign })}
      />
      <Field
        label="同一奖项每人最多中（留空：不限）"
        className="e2e-lottery-per-prize"
        type="number"
        value={draft.perPrize}
        disabled={published}
        onChange={(perPrize) => set({ perPrize })}
      />
    </Section>
  )
}

const SHOW_OPTIONS = [
  { value: 'quantity', label: '公示奖品数量' },
  { value: 'odds', label: '公示中奖概率' }
] as const

export function DisclosureSection({ draft, set, published }: SectionProps) {
  const text = (
    label: string,
    hook: string,
    key: 'organiser' | 'contact' | 'drawMethod' | 'claimMethod' | 'delivery' | 'forfeitConditions',
    multiline = false
  ) => (
    <Field
      label={label}
      className={hook}
      value={draft[key]}
      multiline={multiline}
      maxlength={key === 'organiser' || key === 'contact' ? 100 : 500}
      disabled={published}
      onChange={(value) => set({ [key]: value })}
    />
  )
  return (
    <Section title="公示信息">
      <Text className="hint">以下内容与奖项、时间、参与方式一起生成公开的活动规则页，发布后不能修改。</Text>
      <View>
        {text('主办方', 'e2e-lottery-organiser', 'organiser')}
        {text('联系方式', 'e2e-lottery-contact', 'contact')}
        {text('开奖方式', 'e2e-lottery-draw-method', 'drawMethod', true)}
        {text('兑奖条件和方式', 'e2e-lottery-claim-method', 'claimMethod', true)}
        {text('奖品交付方式', 'e2e-lottery-delivery', 'delivery', true)}
        {text('奖品作废条件', 'e2e-lottery-forfeit', 'forfeitConditions', true)}
        <Chips
          label="规则页公示"
          hook="e2e-lottery-show"
          options={SHOW_OPTIONS}
          value={draft.showOdds ? 'odds' : 'quantity'}
          disabled={published}
          onChange={(v) => set({ showOdds: v === 'odds' })}
        />
      </View>
    </Section>
  )
}
