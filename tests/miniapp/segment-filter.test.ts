import {
  activeConditionCount,
  describeFilter,
  filterToQuery,
  isFilterEmpty,
  normalizeFilter,
  parseTags,
  queryToFilter,
  setValues,
  toggleValue
} from '../../miniapp/src/utils/segment-filter'
import type { SegmentFilter } from '../../miniapp/src/services/api-types'
import { buildQuery } from '../../miniapp/src/services/request-core'

describe('segment filter', () => {
  it('toggles values and keeps the canonical order', () => {
    let f: SegmentFilter = {}
    f = toggleValue(f, 'tier', 'C')
    f = toggleValue(f, 'tier', 'A')
    expect(f.tier).toEqual(['A', 'C'])
    f = toggleValue(f, 'tier', 'C')
    expect(f.tier).toEqual(['A'])
    f = toggleValue(f, 'tier', 'A')
    expect('tier' in f).toBe(false)
  })

  it('drops unknown values', () => {
    expect(setValues({}, 'lifecycle', ['lost', 'nonsense', 'loyal', 'lost']).lifecycle).toEqual(['loyal', 'lost'])
  })

  it('parses tags typed with Chinese or ASCII separators', () => {
    expect(parseTags('A类客户，老客户, 车队、 老客户')).toEqual(['A类客户', '老客户', '车队'])
    expect(parseTags('  ')).toEqual([])
  })

  it('converts a filter to the list query and back', () => {
    const filter: SegmentFilter = {
      tier: ['A', 'B'],
      lifecycle: ['at_risk'],
      vehicleAge: ['warranty'],
      usage: ['private'],
      serviceStage: ['awaiting_first'],
      regionClass: ['county', 'town'],
      ageGroup: ['80s'],
      occupationClass: ['farmer'],
      tags: ['老客户'],
      advisorId: '0123456789abcdef01234567',
      bound: true,
      consentMarketing: false
    }
    const query = filterToQuery(filter)
    expect(query).toEqual({
      tier: 'A,B',
      lifecycle: 'at_risk',
      vehicleAge: 'warranty',
      usage: 'private',
      serviceStage: 'awaiting_first',
      regionClass: 'county,town',
      ageGroup: '80s',
      occupationClass: 'farmer',
      tag: '老客户',
      advisorId: '0123456789abcdef01234567',
      bound: 'true',
      consentMarketing: 'false'
    })
    expect(queryToFilter(query)).toEqual(filter)
    // As it travels in a URL: encoded, and decoded again.
    const url = buildQuery(query)
    expect(url).toContain('tier=A%2CB')
    const params: Record<string, string> = {}
    for (const part of url.slice(1).split('&')) {
      const [k, v] = part.split('=')
      params[k] = v
    }
    expect(queryToFilter(params)).toEqual(filter)
  })

  it('leaves empty keys out of the query', () => {
    expect(filterToQuery({ tier: [], tags: [' '] })).toEqual({})
    expect(buildQuery(filterToQuery({}))).toBe('')
  })

  it('reads URL parameters defensively', () => {
    expect(queryToFilter({ tier: 'A,Z', advisorId: 'not-an-id', bound: 'maybe', tags: 'x,y' })).toEqual({ tier: ['A'], tags: ['x', 'y'] })
    expect(queryToFilter({ advisorId: 'none' })).toEqual({ advisorId: 'none' })
  })

  it('normalises, counts and describes conditions', () => {
    const f: SegmentFilter = { tier: ['B', 'A'], tags: ['老客户', '老客户'], bound: false }
    expect(normalizeFilter(f)).toEqual({ tier: ['A', 'B'], tags: ['老客户'], bound: false })
    expect(activeConditionCount(f)).toBe(3)
    expect(isFilterEmpty({ tier: [] })).toBe(true)
    expect(describeFilter({ ...f, advisorId: '0123456789abcdef01234567', ageGroup: ['90s'] }, () => '王顾问')).toEqual([
      '客户等级：A类、B类',
      '年龄段：90后',
      '标签：老客户',
      '服务顾问：王顾问',
      '未绑定微信'
    ])
  })
})
