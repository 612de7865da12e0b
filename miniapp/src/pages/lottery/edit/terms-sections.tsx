import { View, Text } from '@tarojs/components'
import Section from '../../../components/Section'
import Field from '../../../components/Field'
import Chips from '../../../components/Chips'
import MultiChips from '../../../components/MultiChips'
import YesNoChips from '../../../components/YesNoChips'
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

/** The draft's text fields (each edited by one Field). */
type TextKey = { [K in keyof CampaignDraft]: CampaignDraft[K] extends string ? K : never }[keyof CampaignDraft]

interface FieldRow {
  key: TextKey
  label: string
  hook: string
  /** Still editable after publication. */
  editablePublished?: boolean
  type?: 'number'
  multiline?: boolean
  maxlength?: number
}

/** One Field per row, bound to the draft; rows not editable after publication are locked then. */
function DraftFields({ rows, draft, set, published }: SectionProps & { rows: readonly FieldRow[] }) {
  return (
    <>
      {rows.map((row) => (
        <Field
          key={row.key}
          label={row.label}
          className={row.hook}
          type={row.type}
          value={draft[row.key]}
          multiline={row.multiline}
          maxlength={row.maxlength}
          disabled={published && !row.editablePublished}
          onChange={(value) => set({ [row.key]: value })}
        />
      ))}
    </>
  )
}

const toggle = <T extends string>(list: readonly T[], value: T): T[] => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value])

const BASICS: readonly FieldRow[] = [
  { key: 'name', label: '活动名称', hook: 'e2e-lottery-name', maxlength: 60 },
  { key: 'startsAt', label: '开始时间（北京时间）', hook: 'e2e-lottery-starts' },
  { key: 'endsAt', label: '结束时间', hook: 'e2e-lottery-ends', editablePublished: true },
  { key: 'claimDeadline', label: '领奖截止时间', hook: 'e2e-lottery-claim-deadline', editablePublished: true }
]

export function BasicsSection(props: SectionProps) {
  return (
    <Section title="基本信息">
      <DraftFields {...props} rows={BASICS} />
    </Section>
  )
}

export function AudienceSection({ draft, set, published, segments }: SectionProps & { segments: SegmentList | undefined }) {
  return (
    <Section title="参与对象">
      <YesNoChips label="全部绑定车主" hook="e2e-lottery-all-bound" value={draft.allBound} disabled={published} onChange={(allBound) => set({ allBound })} />
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
      <YesNoChips
        label="活动现场扫码新客"
        hook="e2e-lottery-prospects"
        value={draft.prospects}
        disabled={published}
        onChange={(prospects) => set({ prospects })}
      />
    </Section>
  )
}

const EARNING_OPTIONS = (Object.keys(EARNING_ACTION_LABELS) as EarningAction[]).map((value) => ({ value, label: EARNING_ACTION_LABELS[value] }))

const FREE_DRAWS: readonly FieldRow[] = [
  { key: 'freePerDay', label: '每人每天免费次数', hook: 'e2e-lottery-free-day', type: 'number' },
  { key: 'freePerCampaign', label: '活动期间免费次数', hook: 'e2e-lottery-free-campaign', type: 'number' },
  {
    key: 'pointsPerDraw',
    label: '每次消耗积分（留空：不能用积分抽）',
    hook: 'e2e-lottery-points-per-draw',
    type: 'number',
    editablePublished: true
  }
]
const DRAW_LIMITS: readonly FieldRow[] = [
  { key: 'perDay', label: '每人每天最多抽（留空：不限）', hook: 'e2e-lottery-per-day', type: 'number' },
  { key: 'perCampaign', label: '活动期间每人最多抽（留空：不限）', hook: 'e2e-lottery-per-campaign', type: 'number' },
  { key: 'perPrize', label: '同一奖项每人最多中（留空：不限）', hook: 'e2e-lottery-per-prize', type: 'number' }
]

export function EntrySection(props: SectionProps) {
  const { draft, set, published } = props
  return (
    <Section title="参与方式与次数">
      <DraftFields {...props} rows={FREE_DRAWS} />
      <MultiChips
        label="完成以下行为各得 1 次机会"
        hook="e2e-lottery-earned-by"
        options={EARNING_OPTIONS}
        value={draft.earnedBy}
        onToggle={(a) => !published && set({ earnedBy: toggle(draft.earnedBy, a as EarningAction) })}
      />
      <DraftFields {...props} rows={DRAW_LIMITS} />
    </Section>
  )
}

const SHOW_OPTIONS = [
  { value: 'quantity', label: '公示奖品数量' },
  { value: 'odds', label: '公示中奖概率' }
] as const

const DISCLOSURES: readonly FieldRow[] = [
  { key: 'organiser', label: '主办方', hook: 'e2e-lottery-organiser', maxlength: 100 },
  { key: 'contact', label: '联系方式', hook: 'e2e-lottery-contact', maxlength: 100 },
  { key: 'drawMethod', label: '开奖方式', hook: 'e2e-lottery-draw-method', multiline: true, maxlength: 500 },
  { key: 'claimMethod', label: '兑奖条件和方式', hook: 'e2e-lottery-claim-method', multiline: true, maxlength: 500 },
  { key: 'delivery', label: '奖品交付方式', hook: 'e2e-lottery-delivery', multiline: true, maxlength: 500 },
  { key: 'forfeitConditions', label: '奖品作废条件', hook: 'e2e-lottery-forfeit', multiline: true, maxlength: 500 }
]

export function DisclosureSection(props: SectionProps) {
  const { draft, set, published } = props
  return (
    <Section title="公示信息">
      <Text className="hint">以下内容与奖项、时间、参与方式一起生成公开的活动规则页，发布后不能修改。</Text>
      <View>
        <DraftFields {...props} rows={DISCLOSURES} />
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
