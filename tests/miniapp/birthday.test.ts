import { updateOwnerProfileRequest } from '@dealer/shared'
import { birthdayDraft, birthdayFromDraft, formatBirthday } from '../../miniapp/src/utils/birthday'

/** The profile form sends birthdays in the shape the server's schema accepts, and reads back what it answers. */

describe('birthday form values', () => {
  it('sends a solar date, or a lunar month and day with the leap flag, accepted by the request schema', () => {
    const solar = birthdayFromDraft({ calendar: 'solar', date: '1988-6-18', leap: false })
    expect(solar).toEqual({ calendar: 'solar', date: '1988-06-18' })
    const lunar = birthdayFromDraft({ calendar: 'lunar', date: '1990-05-06', leap: true })
    expect(lunar).toEqual({ calendar: 'lunar', lunarMonth: 5, lunarDay: 6, lunarLeapMonth: true })
    for (const birthday of [solar, lunar]) expect(updateOwnerProfileRequest.safeParse({ birthday }).success).toBe(true)
  })

  it('starts the form from a stored birthday and shows it', () => {
    const lunar = { calendar: 'lunar' as const, date: '1990-06-18', lunarMonth: 5, lunarDay: 6, lunarLeapMonth: true }
    expect(birthdayDraft(lunar)).toEqual({ calendar: 'lunar', date: '1990-05-06', leap: true })
    expect(birthdayDraft({ ...lunar, date: null })).toEqual({ calendar: 'lunar', date: '', leap: true })
    expect(birthdayDraft(null)).toEqual({ calendar: 'solar', date: '', leap: false })
    expect(formatBirthday(lunar)).toBe('农历 闰五月初六（1990 年生）')
    expect(formatBirthday({ calendar: 'solar', date: '1988-06-18', lunarMonth: null, lunarDay: null, lunarLeapMonth: false })).toBe('公历 1988-06-18')
    expect(formatBirthday(null)).toBe('—')
  })
})
