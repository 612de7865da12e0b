import type { CareRuleView, CareTemplate, TierSettings } from '../../miniapp/src/services/api-types'
import {
  audienceSummary,
  channelSummary,
  composeOccasion,
  dataForTemplate,
  draftFromRule,
  draftToRequest,
  emptyDraft,
  keywordLimit,
  occasionLabel,
  parseOccasion,
  timingSummary,
  unknownPlaceholders,
  validateDraft
} from '../../miniapp/src/utils/care'
import { draftToSettings, explanationLines, factorBars, formatScore, settingsToDraft, validateOverride } from '../../miniapp/src/utils/tier'

const template: CareTemplate = { key: 'birthday', templateId: 'TPL_BIRTHDAY', title: '生日祝福', keywords: ['thing1', 'date2', 'thing3'] }

const rule: CareRuleView = {
  id: '0123456789abcdef01234567',
  name: '中秋问候',
  plan: 'key',
  occasion: 'festival:mid_autumn',
  audience: { tiers: ['A', 'B'], includeUntiered: false, segmentId: 'abcdefabcdefabcdefabcdef', consentRequired: true },
  channel: { kind: 'subscribe', templateId: 'TPL_BIRTHDAY', page: null, data: { thing1: '{festival}快乐', date2: '{date}', thing3: '{dealership}' } },
  message: { title: '{festival}快乐', body: '{name}您好，{dealership}祝您{festival}快乐！' },
  leadDays: 1,
  sendWindow: { start: '09:00', end: '21:00' },
  everyMonths: 3,
  enabled: true,
  isDefault: false,
  updatedAt: '2025-09-01T00:00:00Z'
}

describe('care rule editor model', () => {
  it('parses and composes occasions', () => {
    expect(parseOccasion('festival:mid_autumn')).toEqual({ kind: 'festival', festival: 'mid_autumn' })
    expect(parseOccasion('birthday')).toEqual({ kind: 'birthday', festival: '' })
    expect(composeOccasion('festival', 'dragon_boat')).toBe('festival:dragon_boat')
    expect(composeOccasion('tier_upgrade', '')).toBe('tier_upgrade')
    expect(occasionLabel('festival:spring_festival')).toBe('节日 · 春节')
    expect(occasionLabel('purchase_anniversary')).toBe('购车周年')
  })

  it('round-trips a rule through the form draft', () => {
    const draft = draftFromRule(rule)
    expect(draft.occasionKind).toBe('festival')
    expect(draft.leadDays).toBe('1')
    expect(validateDraft(draft, [template])).toEqual({})
    const { id: _id, isDefault: _d, updatedAt: _u, ...fields } = rule
    expect(draftToRequest(draft)).toEqual(fields)
  })

  it('validates names, placeholders, windows, lead days and the template mapping', () => {
    const draft = {
      ...emptyDraft(),
      occasionKind: 'festival' as const,
      title: '{nickname}您好',
      body: '',
      leadDays: '61',
      windowStart: '21:00',
      windowEnd: '21:00',
      channelKind: 'subscribe' as const,
      templateId: 'TPL_BIRTHDAY',
      data: { thing1: '', date2: '{date}', thing3: '{dealership}' }
    }
    const errors = validateDraft(draft, [template])
    expect(errors.name).toBe('请填写规则名称')
    expect(errors.festival).toBe('请选择节日')
    expect(errors.title).toBe('未知的占位符：{nickname}')
    expect(errors.body).toBe('请填写消息内容')
    expect(errors.leadDays).toBe('提前天数应为 0–60 的整数')
    expect(errors.windowEnd).toBe('发送时段的开始和结束不能相同')
    expect(errors['data.thing1']).toBe('请填写关键词内容')
    expect(errors['data.date2']).toBeUndefined()
  })

  it('accepts a send window across midnight', () => {
    const draft = { ...emptyDraft(), name: '夜间', title: 't', body: 'b', windowStart: '22:00', windowEnd: '06:00' }
    expect(validateDraft(draft)).toEqual({})
    expect(draftToRequest(draft).sendWindow).toEqual({ start: '22:00', end: '06:00' })
  })

  it('fills a template keyword mapping and knows keyword limits', () => {
    expect(dataForTemplate(template, { thing1: '自定义', other9: 'x' })).toEqual({ thing1: '自定义', date2: '{date}', thing3: '{dealership}' })
    expect(keywordLimit('thing1')).toBe(20)
    expect(keywordLimit('phrase3')).toBe(5)
    expect(keywordLimit('date2')).toBeNull()
    expect(unknownPlaceholders('{name}{x}{x}{years}')).toEqual(['x'])
  })

  it('builds channel payloads for each kind', () => {
    expect(draftToRequest({ ...emptyDraft(), channelKind: 'inbox' }).channel).toEqual({ kind: 'inbox' })
    expect(draftToRequest({ ...emptyDraft(), channelKind: 'advisor_task', task: 'quarterly_call' }).channel).toEqual({
      kind: 'advisor_task',
      task: 'quarterly_call'
    })
  })

  it('summarises a rule for the list', () => {
    expect(audienceSummary(rule.audience, () => '老客户')).toBe('A/B类 · 分群「老客户」 · 需营销授权')
    expect(audienceSummary({ tiers: [], includeUntiered: true, segmentId: null, consentRequired: false })).toBe('全部等级')
    expect(channelSummary(rule.channel, [template])).toBe('微信订阅消息（生日祝福）')
    expect(channelSummary({ kind: 'advisor_task', task: 'holiday_visit' })).toBe('顾问任务（节日拜访）')
    expect(timingSummary(rule)).toBe('提前 1 天 · 09:00–21:00')
  })
})

const settings: TierSettings = {
  method: '4s',
  lookbackMonths: 24,
  weights4s: { avgTicket: 40, visitCount: 30, visitInterval: 30 },
  weightsGeneral: { contractAmount: 40, profit: 40, frequency: 20 },
  groupBy: 'series',
  assignment: 'quota',
  quota: { A: 5, B: 15, C: 50, D: 30 },
  thresholds: { default: { A: 80, B: 60, C: 30 }, bySeries: { 宝马3系: { A: 85, B: 65, C: 35 } } },
  hysteresisPoints: 3,
  minGroupSize: 20,
  noVisitTier: 'D'
}

describe('tier settings form', () => {
  it('round-trips settings', () => {
    expect(draftToSettings(settingsToDraft(settings))).toEqual({ settings, errors: {} })
  })

  it('checks sums, ranges, cut-off order and series rows', () => {
    const draft = settingsToDraft(settings)
    draft.numbers['weights4s.avgTicket'] = '50'
    draft.numbers['quota.A'] = '10'
    draft.numbers['thresholds.B'] = '90'
    draft.numbers.lookbackMonths = '0'
    draft.numbers.hysteresisPoints = 'x'
    draft.series.push({ name: '宝马3系', A: '1', B: '2', C: '3' }, { name: '', A: '9', B: '8', C: '7' })
    const { settings: out, errors } = draftToSettings(draft)
    expect(out).toBeNull()
    expect(errors).toEqual({
      weights4s: '三项权重之和必须为 100',
      quota: 'A/B/C/D 比例之和必须为 100',
      thresholds: '分数线须满足 A > B > C',
      lookbackMonths: '应在 1–120 之间',
      hysteresisPoints: '请填写整数',
      'series.1': '车系重复',
      'series.2': '请填写车系名称'
    })
  })
})

describe('tier explanation', () => {
  it('splits the engine explanation and formats scores', () => {
    expect(explanationLines('A 级：综合得分 92.5；客单价 ¥1,234.00（优于组内 95.0% 的客户，权重 40%）；')).toEqual([
      'A 级：综合得分 92.5',
      '客单价 ¥1,234.00（优于组内 95.0% 的客户，权重 40%）'
    ])
    expect(explanationLines(null)).toEqual([])
    expect(formatScore(57.25)).toBe('57.3')
    expect(formatScore(null)).toBe('—')
  })

  it('reads factor bars from the stored reason', () => {
    const reason = {
      method: '4s',
      weights: { avgTicket: 40, visitCount: 30, visitInterval: 30 },
      featureScores: { avgTicket: 95, visitCount: 50.04, visitInterval: 10 }
    }
    expect(factorBars(reason)).toEqual([
      { key: 'avgTicket', label: '客单价', percentile: 95, weight: 40 },
      { key: 'visitCount', label: '回站次数', percentile: 50, weight: 30 },
      { key: 'visitInterval', label: '回站周期', percentile: 10, weight: 30 }
    ])
    expect(factorBars({ weights: { a: 1 }, featureScores: null })).toEqual([])
    expect(factorBars(null)).toEqual([])
  })

  it('validates an override', () => {
    const today = new Date('2026-03-01T02:00:00Z')
    expect(validateOverride({ tier: 'A', reason: '集团大客户', expiresAt: '2026-06-01' }, today)).toEqual({})
    expect(validateOverride({ tier: '', reason: ' ', expiresAt: '2026-03-01' }, today)).toEqual({
      tier: '请选择等级',
      reason: '请填写调整原因',
      expiresAt: '失效日期须晚于今天'
    })
    expect(validateOverride({ tier: 'B', reason: 'x', expiresAt: '2026-02-30' }, today).expiresAt).toBe('日期不存在')
  })
})
