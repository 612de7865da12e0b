import { formatBirthday, lunarDayName, lunarMonthName } from '../../miniapp/src/utils/birthday'

const lunar = (lunarMonth: number | null, lunarDay: number | null, date: string | null = null, lunarLeapMonth = false) => ({
  calendar: 'lunar' as const,
  date,
  lunarMonth,
  lunarDay,
  lunarLeapMonth
})

describe('birthday text in the archive', () => {
  it('names lunar days and months the way a calendar prints them', () => {
    expect([1, 6, 10, 11, 15, 19, 20, 21, 29, 30].map(lunarDayName)).toEqual(['初一', '初六', '初十', '十一', '十五', '十九', '二十', '廿一', '廿九', '三十'])
    expect([1, 5, 11, 12].map((m) => lunarMonthName(m))).toEqual(['正月', '五月', '冬月', '腊月'])
    expect(lunarMonthName(4, true)).toBe('闰四月')
    expect([lunarDayName(0), lunarDayName(31), lunarMonthName(13)]).toEqual([null, null, null])
  })

  it('shows a lunar birthday by its month and day, with the year of birth when known', () => {
    expect(formatBirthday(lunar(5, 6))).toBe('农历 五月初六')
    expect(formatBirthday(lunar(4, 21, '1988-06-05', true))).toBe('农历 闰四月廿一（1988 年生）')
    expect(formatBirthday({ calendar: 'solar', date: '1988-06-18', lunarMonth: null, lunarDay: null, lunarLeapMonth: false })).toBe('公历 1988-06-18')
  })

  it('never prints a missing part', () => {
    const texts = [
      formatBirthday(lunar(null, null)),
      formatBirthday(lunar(5, null, '1990-01-01')),
      formatBirthday({ calendar: 'solar', date: null, lunarMonth: null, lunarDay: null, lunarLeapMonth: false }),
      formatBirthday(null)
    ]
    expect(texts).toEqual(['农历（月日未登记）', '农历（月日未登记）', '—', '—'])
    for (const t of texts) expect(t).not.toMatch(/null|undefined|NaN/)
  })
})
