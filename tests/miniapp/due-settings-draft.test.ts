import { dealershipDueSettings } from '@dealer/shared'
import { draftToSettings, settingsToDraft } from '../../miniapp/src/pages/manager/due-settings/draft'

/** The due settings form: text fields to settings and back, with the mistakes marked per field. */
const defaults = dealershipDueSettings.parse({})

describe('due settings draft', () => {
  it('round-trips the settings unchanged', () => {
    const withSeries = { ...defaults, bySeries: { 途观L: { regularMaintenance: { months: 12, km: 10_000 } } } }
    const { settings, errors } = draftToSettings(settingsToDraft(withSeries), withSeries)
    expect(errors).toEqual({})
    expect(settings).toEqual(withSeries)
  })

  it('marks every bad figure and returns no settings', () => {
    const draft = settingsToDraft(defaults)
    draft.controlGroupPercent = '60'
    draft.first.km = '12.5'
    draft.leadDays.insurance = ''
    draft.series = [
      { series: '', first: { months: '3', km: '5000' }, regular: { months: '', km: '' } },
      { series: '迈腾', first: { months: '', km: '' }, regular: { months: '', km: '' } }
    ]
    const { settings, errors } = draftToSettings(draft, defaults)
    expect(settings).toBeNull()
    expect(Object.keys(errors).sort()).toEqual(['controlGroupPercent', 'first.km', 'leadDays.insurance', 'series.0.name', 'series.1.name'].sort())
  })

  it('keeps a series override of one interval only', () => {
    const draft = settingsToDraft(defaults)
    draft.series = [{ series: ' 迈腾 ', first: { months: '', km: '' }, regular: { months: '4', km: '6000' } }]
    const { settings } = draftToSettings(draft, defaults)
    expect(settings?.bySeries).toEqual({ 迈腾: { regularMaintenance: { months: 4, km: 6000 } } })
    expect(dealershipDueSettings.safeParse(settings).success).toBe(true)
  })
})
