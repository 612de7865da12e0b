import { lotteryCampaignTerms } from '@dealer/shared'
import { publicationProblems } from '@dealer/shared/domain/lottery'
import { beijingInstant, draftOfTerms, emptyCampaignDraft, newPrizeDraft, termsOfDraft, type CampaignDraft } from '../../miniapp/src/utils/lottery-draft'
import { drawHeadline, drawKey } from '../../miniapp/src/utils/lottery'

/** The campaign form: typed strings to the terms the server stores (its own zod schema checks them), and back. */

function completeDraft(): CampaignDraft {
  const draft = emptyCampaignDraft(new Date('2026-12-05T13:00:00Z'))
  return {
    ...draft,
    name: '冬季抽奖',
    organiser: '测试门店',
    contact: '021-1234',
    prizes: [
      { ...newPrizeDraft(draft.prizes), name: '脚垫', kind: 'gift', valueYuan: '300', weight: '5', stock: '10' },
      { id: 'p2', name: '积分', kind: 'points', valueYuan: '20.5', weight: '20', stock: '100', rewardItemId: '', points: '200' },
      ...draft.prizes
    ]
  }
}

describe('the campaign form', () => {
  it('starts a week-long campaign tomorrow in Beijing time, with 谢谢参与 and the usual texts', () => {
    const draft = emptyCampaignDraft(new Date('2026-12-05T17:00:00Z')) // 01:00 on the 6th in Beijing
    expect(draft.startsAt).toBe('2026-12-07 09:00')
    expect(draft.endsAt).toBe('2026-12-14 21:00')
    expect(draft.prizes).toEqual([expect.objectContaining({ id: 'none', kind: 'none', stock: '' })])
    expect(draft.claimMethod).not.toBe('')
  })

  it('turns a complete draft into terms the API accepts and the law allows, and back', () => {
    const result = termsOfDraft(completeDraft())
    if (!('terms' in result)) throw new Error(result.error)
    const { terms } = result
    expect(lotteryCampaignTerms.safeParse(terms).success).toBe(true)
    expect(publicationProblems(terms)).toEqual([])
    expect(terms.startsAt).toBe('2026-12-06T09:00:00+08:00')
    expect(terms.prizes.map((p) => [p.id, p.valueFen, p.stock, p.points])).toEqual([
      ['p1', 30000, 10, null],
      ['p2', 2050, 100, 200],
      ['none', 0, null, null]
    ])
    expect(terms.entry.pointsPerDraw).toBeNull()
    expect(terms.limits).toEqual({ perDay: 3, perCampaign: null, perPrize: 1 })
    const again = termsOfDraft(draftOfTerms(terms))
    expect(again).toEqual({ terms: { ...terms, startsAt: '2026-12-06T09:00:00+08:00' } })
  })

  it('names the first field to fix', () => {
    const draft = completeDraft()
    expect(termsOfDraft({ ...draft, name: ' ' })).toEqual({ error: '请填写活动名称' })
    expect(termsOfDraft({ ...draft, endsAt: '12/31' })).toEqual({ error: '结束时间格式应为 2026-12-01 09:00' })
    expect(termsOfDraft({ ...draft, perDay: '0' })).toEqual({ error: '每日抽奖上限不能小于 1' })
    expect(termsOfDraft({ ...draft, pointsPerDraw: '1.5' })).toEqual({ error: '每次消耗积分须为整数' })
    const badValue = { ...draft, prizes: draft.prizes.map((p) => (p.id === 'p1' ? { ...p, valueYuan: '很多' } : p)) }
    expect(termsOfDraft(badValue)).toEqual({ error: '奖项“脚垫”的价值须为金额（元）' })
  })

  it('numbers new prizes p1, p2, … skipping ids in use', () => {
    expect(newPrizeDraft([]).id).toBe('p1')
    expect(newPrizeDraft(completeDraft().prizes).id).toBe('p3')
  })

  it('reads Beijing times with or without the T', () => {
    expect(beijingInstant('2026-12-01T9:05', '开始时间')).toEqual({ ok: true, value: '2026-12-01T09:05:00+08:00' })
    expect(beijingInstant('2026-13-01 09:00', '开始时间')).toEqual({ ok: false, error: '开始时间不是有效的时间' })
  })
})

describe('draw helpers', () => {
  it('says what was won, or why the draw became 谢谢参与', () => {
    expect(drawHeadline({ prize: { id: 'p1', name: '洗车券', kind: 'voucher' }, fate: 'won' })).toBe('恭喜获得 洗车券')
    expect(drawHeadline({ prize: { id: 'none', name: '谢谢参与', kind: 'none' }, fate: 'won' })).toBe('谢谢参与')
    expect(drawHeadline({ prize: { id: 'none', name: '谢谢参与', kind: 'none' }, fate: 'out-of-stock' })).toBe('谢谢参与（奖品已发完）')
  })

  it('makes idempotency keys the API accepts, different per tap', () => {
    const keys = new Set(Array.from({ length: 50 }, () => drawKey()))
    expect(keys.size).toBe(50)
    for (const key of keys) expect(key).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
    expect(drawKey(0, () => 0)).toBe('d000000000')
  })
})
