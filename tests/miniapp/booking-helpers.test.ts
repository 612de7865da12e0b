import { blockState, dayLabel, dayToShow, firstOpenDay, groupedCode, parseMileage, serviceTypeParam, sortBookings } from '../../miniapp/src/utils/booking'
import type { AvailableDay, BookingView } from '../../miniapp/src/services/api-types'

const block = (blockId: string, seatsLeft: number, bookable = true) => ({
  blockId,
  start: `${blockId.slice(0, 2)}:${blockId.slice(2, 4)}`,
  end: `${blockId.slice(5, 7)}:${blockId.slice(7, 9)}`,
  capacity: 3,
  seatsLeft,
  bookable
})

const openDay = (day: string, blocks: AvailableDay['blocks']): AvailableDay => ({ day, closed: false, closedReason: null, closedLabel: null, blocks })
const closedDay = (day: string): AvailableDay => ({ day, closed: true, closedReason: 'public_holiday', closedLabel: '元旦假期', blocks: [] })

describe('booking page helpers', () => {
  it('preselects only real service types from a link', () => {
    expect(serviceTypeParam('regular_maintenance')).toBe('regular_maintenance')
    expect(serviceTypeParam('first_maintenance')).toBe('first_maintenance')
    expect(serviceTypeParam('oil_change')).toBeNull()
    expect(serviceTypeParam(undefined)).toBeNull()
  })

  it('names days with their weekday, today and tomorrow by name', () => {
    // A fixed today: the labels must not depend on the day the tests run.
    const today = '2026-11-30'
    expect(dayLabel('2026-12-07', today)).toBe('12-07 周一')
    expect(dayLabel('2027-01-03', today)).toBe('01-03 周日')
    expect(dayLabel('2026-11-30', today)).toBe('11-30 今天')
    expect(dayLabel('2026-12-01', today)).toBe('12-01 明天')
    expect(dayLabel('2027-01-01', '2026-12-31')).toBe('01-01 明天')
  })

  it('says why a block cannot be chosen', () => {
    expect(blockState(block('0830-1000', 2))).toEqual({ open: true, text: '剩余 2 个' })
    expect(blockState(block('0830-1000', 0))).toEqual({ open: false, text: '已约满' })
    expect(blockState(block('0830-1000', 3, false))).toEqual({ open: false, text: '不可预约' })
  })

  it('starts on the first day with a free block, skipping closed and full days', () => {
    const days = [
      openDay('2026-12-31', [block('0830-1000', 3, false)]),
      closedDay('2027-01-01'),
      openDay('2027-01-02', [block('0830-1000', 0)]),
      openDay('2027-01-03', [block('0830-1000', 0), block('1000-1130', 1)])
    ]
    expect(firstOpenDay(days)).toBe('2027-01-03')
    expect(firstOpenDay(days.slice(0, 3))).toBeNull()
  })

  it('stays on the chosen day after a reload while it is open, else moves to the first open day', () => {
    const days = [openDay('2027-01-02', [block('0830-1000', 1)]), openDay('2027-01-03', [block('0830-1000', 0)]), closedDay('2027-01-04')]
    expect(dayToShow(days, '2027-01-03')).toBe('2027-01-03')
    expect(dayToShow(days, '2027-01-04')).toBe('2027-01-02')
    expect(dayToShow(days, null)).toBe('2027-01-02')
    expect(dayToShow(days, '2027-02-01')).toBe('2027-01-02')
  })

  it('checks the odometer the owner typed', () => {
    expect(parseMileage('', 20000)).toEqual({ error: null })
    expect(parseMileage(' 23,456 ', 20000)).toEqual({ km: 23456, error: null })
    expect(parseMileage('12.5', null).error).toBe('请输入整数公里数')
    expect(parseMileage('-5', null).error).toBe('请输入整数公里数')
    expect(parseMileage('3000000', null).error).toBe('里程数过大，请核对')
    expect(parseMileage('19999', 20000).error).toBe('不能低于上次记录的 20,000 公里')
    expect(parseMileage('19999', null)).toEqual({ km: 19999, error: null })
  })

  it('lists open bookings first, soonest first, then the rest latest first', () => {
    const b = (id: string, status: BookingView['status'], day: string, start = '08:30') => ({ id, status, day, start }) as BookingView
    const sorted = sortBookings([
      b('old-served', 'served', '2026-11-01'),
      b('later', 'booked', '2026-12-20'),
      b('cancelled', 'cancelled', '2026-12-10'),
      b('sooner-pm', 'booked', '2026-12-08', '13:30'),
      b('sooner-am', 'booked', '2026-12-08', '08:30')
    ])
    expect(sorted.map((x) => x.id)).toEqual(['sooner-am', 'sooner-pm', 'later', 'cancelled', 'old-served'])
  })

  it('groups the check-in code in fours', () => {
    expect(groupedCode('ABCD2345')).toBe('ABCD 2345')
    expect(groupedCode('ABC')).toBe('ABC')
  })
})
