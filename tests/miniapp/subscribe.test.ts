import { answersFrom, newRequestId, pickTemplates, remainingLines, simulatedAnswers, subscribeSummary } from '../../miniapp/src/utils/subscribe'

const templates = [
  { templateId: 'T1', title: '生日祝福', remaining: 2 },
  { templateId: 'T2', title: '节日问候', remaining: 0 },
  { templateId: 'T3', title: '关怀提醒', remaining: 1 },
  { templateId: 'T4', title: '保养提醒', remaining: 0 }
]

describe('subscribe messages', () => {
  it('asks for at most 3 templates, the fewest remaining first', () => {
    expect(pickTemplates(templates)).toEqual(['T2', 'T4', 'T3'])
    expect(pickTemplates([...templates, { templateId: 'T2', title: 'dup', remaining: 0 }], 5)).toEqual(['T2', 'T4', 'T3', 'T1'])
    expect(pickTemplates([])).toEqual([])
  })

  it('makes request ids the server accepts', () => {
    const id = newRequestId(1760000000000, () => 0.5)
    expect(id).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
    expect(newRequestId()).not.toBe(newRequestId())
  })

  it('keeps only valid answers for the asked templates', () => {
    const raw = { errMsg: 'requestSubscribeMessage:ok', T1: 'accept', T2: 'reject', T3: 'weird', T9: 'accept' }
    expect(answersFrom(raw, ['T1', 'T2', 'T3'])).toEqual({ T1: 'accept', T2: 'reject' })
  })

  it('simulates accepts in demo mode', () => {
    expect(simulatedAnswers(['T1', 'T2'])).toEqual({ T1: 'accept', T2: 'accept' })
  })

  it('summarises the outcome and what is left', () => {
    expect(subscribeSummary({ T1: 'accept', T2: 'reject' }, templates)).toBe('已开启：生日祝福；未开启：节日问候')
    expect(subscribeSummary({}, templates)).toBe('未开启任何提醒')
    expect(remainingLines(templates.slice(0, 2))).toEqual(['生日祝福：还可接收 2 条', '节日问候：未开启'])
  })
})
