import type { SegmentFilter } from '../services/api-types'
import {
  AGE_GROUPS,
  AGE_GROUP_LABELS,
  LIFECYCLES,
  LIFECYCLE_LABELS,
  OCCUPATION_CLASSES,
  OCCUPATION_CLASS_LABELS,
  REGION_CLASSES,
  REGION_CLASS_LABELS,
  SERVICE_STAGES,
  SERVICE_STAGE_LABELS,
  TIERS,
  TIER_KEY_LABELS,
  USAGE_LABELS,
  VEHICLE_AGE_CLASSES,
  VEHICLE_AGE_LABELS,
  VEHICLE_USAGES
} from './labels'

/**
 * Customer filter (segment filter) ↔ list query ↔ page URL. Lists within one key are
 * "any of"; keys combine with "and"; an empty list is no restriction (shared/src/api/segments.ts).
 */

export type FilterListKey = 'tier' | 'lifecycle' | 'vehicleAge' | 'usage' | 'serviceStage' | 'regionClass' | 'ageGroup' | 'occupationClass'

export interface FilterGroup {
  key: FilterListKey
  label: string
  options: ReadonlyArray<{ value: string; label: string }>
}

const options = <V extends string>(values: readonly V[], labels: Record<V, string>) => values.map((value) => ({ value, label: labels[value] }))

/** The multi-choice groups of the filter panel, in display order (hooks `e2e-filter-<key>-<value>`). */
export const FILTER_GROUPS: readonly FilterGroup[] = [
  { key: 'tier', label: '客户等级', options: options(TIERS, TIER_KEY_LABELS) },
  { key: 'lifecycle', label: '生命周期', options: options(LIFECYCLES, LIFECYCLE_LABELS) },
  { key: 'vehicleAge', label: '车龄阶段', options: options(VEHICLE_AGE_CLASSES, VEHICLE_AGE_LABELS) },
  { key: 'usage', label: '车辆用途', options: options(VEHICLE_USAGES, USAGE_LABELS) },
  { key: 'serviceStage', label: '服务阶段', options: options(SERVICE_STAGES, SERVICE_STAGE_LABELS) },
  { key: 'regionClass', label: '区域', options: options(REGION_CLASSES, REGION_CLASS_LABELS) },
  { key: 'ageGroup', label: '年龄段', options: options(AGE_GROUPS, AGE_GROUP_LABELS) },
  { key: 'occupationClass', label: '职业', options: options(OCCUPATION_CLASSES, OCCUPATION_CLASS_LABELS) }
]

export const FILTER_LIST_KEYS: readonly FilterListKey[] = FILTER_GROUPS.map((g) => g.key)

const ALLOWED: Record<FilterListKey, readonly string[]> = {
  tier: TIERS,
  lifecycle: LIFECYCLES,
  vehicleAge: VEHICLE_AGE_CLASSES,
  usage: VEHICLE_USAGES,
  serviceStage: SERVICE_STAGES,
  regionClass: REGION_CLASSES,
  ageGroup: AGE_GROUPS,
  occupationClass: OCCUPATION_CLASSES
}

/** Loose values for one key (what a form holds); `setValues` narrows them back. */
export function valuesOf(filter: SegmentFilter, key: FilterListKey): readonly string[] {
  return (filter[key] as readonly string[] | undefined) ?? []
}

/** Keeps only known values, in the canonical order, without duplicates. */
function canonical(key: FilterListKey, values: readonly string[]): string[] {
  const wanted = new Set(values)
  return ALLOWED[key].filter((v) => wanted.has(v))
}

/** The filter with `key` set to `values` (unknown values dropped; empty removes the key). */
export function setValues(filter: SegmentFilter, key: FilterListKey, values: readonly string[]): SegmentFilter {
  const next: Record<string, unknown> = { ...filter }
  const list = canonical(key, values)
  if (list.length) next[key] = list
  else delete next[key]
  return next as SegmentFilter
}

/** Adds the value when absent, removes it when present. */
export function toggleValue(filter: SegmentFilter, key: FilterListKey, value: string): SegmentFilter {
  const current = valuesOf(filter, key)
  return setValues(filter, key, current.includes(value) ? current.filter((v) => v !== value) : [...current, value])
}

function cleanTags(tags: readonly string[] | undefined): string[] {
  const out: string[] = []
  for (const raw of tags ?? []) {
    const tag = raw.trim()
    if (tag && !out.includes(tag)) out.push(tag)
  }
  return out
}

/** Splits what was typed in the tag box (`A类客户，老客户` or `A类客户, 老客户`). */
export function parseTags(text: string): string[] {
  return cleanTags(text.split(/[,，、;；\s]+/))
}

/** Drops empty keys and unknown values; the form's filter ready to send or save. */
export function normalizeFilter(filter: SegmentFilter): SegmentFilter {
  let out: SegmentFilter = {}
  for (const key of FILTER_LIST_KEYS) out = setValues(out, key, valuesOf(filter, key))
  const tags = cleanTags(filter.tags)
  if (tags.length) out.tags = tags
  if (filter.advisorId) out.advisorId = filter.advisorId
  if (filter.bound !== undefined) out.bound = filter.bound
  if (filter.consentMarketing !== undefined) out.consentMarketing = filter.consentMarketing
  return out
}

export function isFilterEmpty(filter: SegmentFilter): boolean {
  return Object.keys(normalizeFilter(filter)).length === 0
}

/** How many conditions are set (a badge on the 筛选 button). */
export function activeConditionCount(filter: SegmentFilter): number {
  const f = normalizeFilter(filter)
  return (
    FILTER_LIST_KEYS.filter((k) => valuesOf(f, k).length > 0).length +
    (f.tags ? 1 : 0) +
    (f.advisorId ? 1 : 0) +
    (f.bound !== undefined ? 1 : 0) +
    (f.consentMarketing !== undefined ? 1 : 0)
  )
}

export type FilterQuery = Record<string, string | undefined>

/**
 * The filter as GET /api/customers query parameters: `tier=A,B`, `bound=true`, the list's
 * own `advisorId`, and its single `tag` (the first tag; the list filters by one tag).
 */
export function filterToQuery(filter: SegmentFilter): FilterQuery {
  const f = normalizeFilter(filter)
  const query: FilterQuery = {}
  for (const key of FILTER_LIST_KEYS) {
    const values = valuesOf(f, key)
    if (values.length) query[key] = values.join(',')
  }
  if (f.tags?.length) query.tag = f.tags[0]
  if (f.advisorId) query.advisorId = f.advisorId
  if (f.bound !== undefined) query.bound = String(f.bound)
  if (f.consentMarketing !== undefined) query.consentMarketing = String(f.consentMarketing)
  return query
}

/** Page URL parameters (e.g. `?tier=A%2CB&tag=老客户`) back to a filter; unknown values are ignored. */
export function queryToFilter(params: Record<string, string | undefined>): SegmentFilter {
  const decode = (raw: string) => {
    try {
      return decodeURIComponent(raw)
    } catch {
      return raw
    }
  }
  let filter: SegmentFilter = {}
  for (const key of FILTER_LIST_KEYS) {
    const raw = params[key]
    if (raw) filter = setValues(filter, key, decode(raw).split(','))
  }
  const tags = params.tags ?? params.tag
  if (tags) {
    const list = cleanTags(decode(tags).split(','))
    if (list.length) filter.tags = list
  }
  const advisorId = params.advisorId ? decode(params.advisorId) : ''
  if (advisorId === 'none' || /^[0-9a-f]{24}$/.test(advisorId)) filter.advisorId = advisorId
  if (params.bound === 'true' || params.bound === 'false') filter.bound = params.bound === 'true'
  if (params.consentMarketing === 'true' || params.consentMarketing === 'false') filter.consentMarketing = params.consentMarketing === 'true'
  return filter
}

/** One Chinese line per condition, e.g. `客户等级：A类、B类`. */
export function describeFilter(filter: SegmentFilter, advisorName?: (id: string) => string | undefined): string[] {
  const f = normalizeFilter(filter)
  const lines: string[] = []
  for (const group of FILTER_GROUPS) {
    const values = valuesOf(f, group.key)
    if (!values.length) continue
    const labels = values.map((v) => group.options.find((o) => o.value === v)?.label ?? v)
    lines.push(`${group.label}：${labels.join('、')}`)
  }
  if (f.tags?.length) lines.push(`标签：${f.tags.join('、')}`)
  if (f.advisorId) lines.push(`服务顾问：${f.advisorId === 'none' ? '未分配' : (advisorName?.(f.advisorId) ?? f.advisorId)}`)
  if (f.bound !== undefined) lines.push(f.bound ? '已绑定微信' : '未绑定微信')
  if (f.consentMarketing !== undefined) lines.push(f.consentMarketing ? '同意营销消息' : '未同意营销消息')
  return lines
}
