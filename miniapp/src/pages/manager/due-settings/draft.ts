import type { DealershipDueSettings, DueType } from '../../../services/api-types'

/**
 * The due settings form as text fields (what the inputs hold) and back. Page-local: only the
 * due settings page edits these. A blank series override means "the dealership's interval".
 */

export const DUE_TYPE_ORDER: readonly DueType[] = ['first_maintenance', 'regular_maintenance', 'insurance', 'inspection', 'warranty_end', 'sanbao_end']
export const USAGES = ['private', 'official', 'commercial'] as const
type Usage = (typeof USAGES)[number]

export interface IntervalDraft {
  months: string
  km: string
}
export interface SeriesDraft {
  series: string
  first: IntervalDraft
  regular: IntervalDraft
}
export interface DueSettingsDraft {
  first: IntervalDraft
  regular: IntervalDraft
  series: SeriesDraft[]
  leadDays: Record<DueType, string>
  controlGroupPercent: string
  kmPerDay: Record<Usage, string>
}
export type DraftErrors = Record<string, string>

const text = (n: number | undefined) => (n === undefined ? '' : String(n))
const intervalDraft = (i?: { months: number; km: number }): IntervalDraft => ({ months: text(i?.months), km: text(i?.km) })

export function settingsToDraft(s: DealershipDueSettings): DueSettingsDraft {
  return {
    first: intervalDraft(s.firstMaintenance),
    regular: intervalDraft(s.regularMaintenance),
    series: Object.entries(s.bySeries).map(([series, own]) => ({
      series,
      first: intervalDraft(own.firstMaintenance),
      regular: intervalDraft(own.regularMaintenance)
    })),
    leadDays: Object.fromEntries(DUE_TYPE_ORDER.map((t) => [t, text(s.leadDays[t])])) as Record<DueType, string>,
    controlGroupPercent: text(s.controlGroupPercent),
    kmPerDay: Object.fromEntries(USAGES.map((u) => [u, text(s.projection.defaultKmPerDay[u])])) as Record<Usage, string>
  }
}

/** Reads a whole number in [min, max]; records an error under `key` otherwise. */
function whole(value: string, min: number, max: number, key: string, errors: DraftErrors): number {
  const n = Number(value.trim())
  if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) errors[key] = `请填写 ${min}–${max} 的整数`
  return n
}

function interval(d: IntervalDraft, key: string, errors: DraftErrors) {
  return {
    months: whole(d.months, 1, 24, `${key}.months`, errors),
    km: whole(d.km, 500, 50_000, `${key}.km`, errors)
  }
}

/** A series interval: both blank = not overridden. */
function optionalInterval(d: IntervalDraft, key: string, errors: DraftErrors) {
  if (d.months.trim() === '' && d.km.trim() === '') return undefined
  return interval(d, key, errors)
}

/** The settings to save (the loaded ones with the form's fields), or the errors per field. */
export function draftToSettings(draft: DueSettingsDraft, base: DealershipDueSettings): { settings: DealershipDueSettings | null; errors: DraftErrors } {
  const errors: DraftErrors = {}
  const bySeries: DealershipDueSettings['bySeries'] = {}
  draft.series.forEach((row, i) => {
    const name = row.series.trim()
    if (!name) errors[`series.${i}.name`] = '请填写车系名称'
    else if (name in bySeries) errors[`series.${i}.name`] = '车系重复'
    const firstMaintenance = optionalInterval(row.first, `series.${i}.first`, errors)
    const regularMaintenance = optionalInterval(row.regular, `series.${i}.regular`, errors)
    if (!firstMaintenance && !regularMaintenance) errors[`series.${i}.name`] = '请至少填写一项保养间隔'
    bySeries[name] = { ...(firstMaintenance ? { firstMaintenance } : {}), ...(regularMaintenance ? { regularMaintenance } : {}) }
  })
  const settings: DealershipDueSettings = {
    ...base,
    firstMaintenance: interval(draft.first, 'first', errors),
    regularMaintenance: interval(draft.regular, 'regular', errors),
    bySeries,
    leadDays: Object.fromEntries(
      DUE_TYPE_ORDER.map((t) => [t, whole(draft.leadDays[t], 0, 365, `leadDays.${t}`, errors)])
    ) as DealershipDueSettings['leadDays'],
    controlGroupPercent: whole(draft.controlGroupPercent, 0, 50, 'controlGroupPercent', errors),
    projection: {
      ...base.projection,
      defaultKmPerDay: Object.fromEntries(
        USAGES.map((u) => [u, whole(draft.kmPerDay[u], 0, 2000, `kmPerDay.${u}`, errors)])
      ) as DealershipDueSettings['projection']['defaultKmPerDay']
    }
  }
  return Object.keys(errors).length > 0 ? { settings: null, errors } : { settings, errors }
}
