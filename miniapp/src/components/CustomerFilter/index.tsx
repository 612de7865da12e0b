import { useEffect, useState } from 'react'
import { View } from '@tarojs/components'
import Field from '../Field'
import MultiChips from '../MultiChips'
import Chips from '../Chips'
import type { SegmentFilter } from '../../services/api-types'
import { FILTER_GROUPS, parseTags, toggleValue, valuesOf } from '../../utils/segment-filter'
import './index.scss'

export interface CustomerFilterProps {
  value: SegmentFilter
  onChange: (filter: SegmentFilter) => void
  /** Advisor choices (managers); omitted: no advisor row. */
  advisors?: ReadonlyArray<{ value: string; label: string }>
}

type TriState = 'any' | 'true' | 'false'
const triOf = (v: boolean | undefined): TriState => (v === undefined ? 'any' : v ? 'true' : 'false')
const fromTri = (v: TriState): boolean | undefined => (v === 'any' ? undefined : v === 'true')

/**
 * Classification filters: one multi-choice row per class (`e2e-filter-<key>-<value>`), tags
 * (`e2e-customers-tag`), advisor (`e2e-customers-advisor-<id|all|none>`), WeChat binding
 * (`e2e-filter-bound-any|true|false`) and marketing consent (`e2e-filter-consent-…`).
 */
/** 不限 / yes / no as an optional boolean condition. */
function YesNoChips(props: {
  label: string
  hook: string
  yes: string
  no: string
  value: boolean | undefined
  onChange: (value: boolean | undefined) => void
}) {
  return (
    <Chips
      label={props.label}
      hook={props.hook}
      options={[
        { value: 'any', label: '不限' },
        { value: 'true', label: props.yes },
        { value: 'false', label: props.no }
      ]}
      value={triOf(props.value)}
      onChange={(v) => props.onChange(fromTri(v))}
    />
  )
}

export default function CustomerFilter({ value, onChange, advisors }: CustomerFilterProps) {
  const joined = (value.tags ?? []).join('，')
  const [tagText, setTagText] = useState(joined)
  useEffect(() => {
    // Follow outside changes (clear, a filter loaded from a segment) but not our own typing.
    setTagText((typed) => (parseTags(typed).join('，') !== joined ? joined : typed))
  }, [joined])

  function set(patch: Partial<SegmentFilter>) {
    const next: Record<string, unknown> = { ...value, ...patch }
    for (const key of Object.keys(patch)) if ((patch as Record<string, unknown>)[key] === undefined) delete next[key]
    onChange(next as SegmentFilter)
  }

  return (
    <View className="customer-filter e2e-customers-filter">
      {FILTER_GROUPS.map((group) => (
        <MultiChips
          key={group.key}
          label={group.label}
          hook={`e2e-filter-${group.key}`}
          options={group.options}
          value={valuesOf(value, group.key)}
          onToggle={(v) => onChange(toggleValue(value, group.key, v))}
        />
      ))}
      <Field
        label="标签（多个用逗号分隔，满足其一即可）"
        className="e2e-customers-tag"
        value={tagText}
        placeholder="例如 A类客户，老客户"
        maxlength={200}
        onChange={(text) => {
          setTagText(text)
          const tags = parseTags(text)
          set({ tags: tags.length ? tags : undefined })
        }}
      />
      {advisors ? (
        <Chips
          label="服务顾问"
          hook="e2e-customers-advisor"
          options={[{ value: 'all', label: '全部顾问' }, ...advisors, { value: 'none', label: '未分配' }]}
          value={value.advisorId ?? 'all'}
          onChange={(id) => set({ advisorId: id === 'all' ? undefined : id })}
        />
      ) : null}
      <YesNoChips label="微信绑定" hook="e2e-filter-bound" yes="已绑定" no="未绑定" value={value.bound} onChange={(bound) => set({ bound })} />
      <YesNoChips
        label="营销消息授权"
        hook="e2e-filter-consent"
        yes="已同意"
        no="未同意"
        value={value.consentMarketing}
        onChange={(consentMarketing) => set({ consentMarketing })}
      />
    </View>
  )
}
