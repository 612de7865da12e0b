import type { AftercareKpiResponse } from '../../miniapp/src/services/api-types'
import { complaintTimesOption, groupChartHeight, satisfactionGroupsOption, satisfactionTrendOption } from '../../miniapp/src/utils/aftercare-charts'

type Month = AftercareKpiResponse['months'][number]

const month = (name: string, answers: number, average: number | null, response: number | null, resolution: number | null): Month => ({
  month: name,
  asOf: `${name}-28`,
  satisfaction: {
    answers,
    average,
    byQuestion: { reception: average, quality: average, timeliness: average, price: average },
    lowScores: 0,
    byAdvisor: [],
    byServiceType: []
  },
  complaints: {
    opened: 1,
    acknowledged: response === null ? 0 : 1,
    resolved: resolution === null ? 0 : 1,
    avgResponseMinutes: response,
    avgResolutionMinutes: resolution
  }
})

const months = [month('2025-06', 3, 3.83, null, null), month('2025-07', 1, 1, 60, 1440)]
const seriesOf = (option: ReturnType<typeof satisfactionTrendOption>) => option.series as Array<{ name: string; data: unknown[] }>

describe('aftercare KPI charts', () => {
  test('satisfaction per month: the mean on a 0–5 axis, the answers as bars', () => {
    const option = satisfactionTrendOption(months)
    expect(option.xAxis).toMatchObject({ data: ['6月', '7月'] })
    expect(seriesOf(option).map((s) => [s.name, s.data])).toEqual([
      ['答卷数', [3, 1]],
      ['平均满意度', [3.83, 1]]
    ])
  })

  test('complaint times in hours (one place), nothing measured left empty', () => {
    const option = complaintTimesOption(months)
    expect(seriesOf(option).map((s) => [s.name, s.data])).toEqual([
      ['平均受理时长', [null, 1]],
      ['平均解决时长', [null, 24]]
    ])
  })

  test('groups as horizontal bars, the largest group on top, with their answer counts', () => {
    const option = satisfactionGroupsOption([
      { name: '李顾问', answers: 2, average: 4 },
      { name: '赵顾问', answers: 1, average: 2.25 }
    ])
    expect(option.yAxis).toMatchObject({ data: ['赵顾问（1份）', '李顾问（2份）'] })
    expect(seriesOf(option)[0].data).toEqual([2.25, 4])
    expect(groupChartHeight(1)).toBe(200)
    expect(groupChartHeight(10)).toBe(720)
  })
})
