import { fireEvent, render } from '@testing-library/react'
import { ownerDueResponse } from '@dealer/shared/api/due'
import DueVehicles from '../../miniapp/src/components/DueCard/DueVehicles'
import { navigateTo } from './support/taro'

const VEHICLE = '64b000000000000000000001'
const DEALER = '64b0000000000000000000d1'

// Checked against the contract the server answers with (GET /api/owner/due).
const due = ownerDueResponse.parse({
  vehicles: [
    {
      vehicleId: VEHICLE,
      dealershipId: DEALER,
      plate: '粤B12345',
      title: '大众 帕萨特',
      odometer: { km: 40000, date: '2026-06-01', estimatedTodayKm: 46840.6 },
      events: [
        {
          type: 'regular_maintenance',
          title: '定期保养 · 已逾期',
          explanation: '行驶里程约 2026-11-20 已达 45,000 公里，已超过 15 天',
          dueDate: '2026-11-20',
          dueMileage: 45000,
          status: 'overdue',
          daysLeft: -15,
          bookingServiceType: 'regular_maintenance'
        },
        {
          type: 'insurance',
          title: '保险续保 · 即将到期',
          explanation: '保险约 2026-12-31 到期',
          dueDate: '2026-12-31',
          dueMileage: null,
          status: 'due_soon',
          daysLeft: 26,
          bookingServiceType: null
        },
        {
          type: 'inspection',
          title: '年检',
          explanation: '约 2027-05-31 前需年检（按登记日期推算），需上线检验',
          dueDate: '2027-05-31',
          dueMileage: null,
          status: 'upcoming',
          daysLeft: 177,
          bookingServiceType: null
        },
        {
          type: 'warranty_end',
          title: '保修 · 即将结束',
          explanation: '约 2027-08-01 或 100,000 公里',
          dueDate: '2027-08-01',
          dueMileage: 100000,
          status: 'upcoming',
          daysLeft: 239,
          bookingServiceType: null
        }
      ]
    },
    { vehicleId: '64b000000000000000000002', dealershipId: DEALER, plate: '粤B54321', title: '大众 途观', odometer: null, events: [] }
  ]
})

describe('the home page due card', () => {
  it('shows the earliest three events of each vehicle with events, overdue marked, and books a maintenance', () => {
    render(<DueVehicles vehicles={due.vehicles} />)
    expect(document.querySelectorAll('.e2e-due-vehicle')).toHaveLength(1)
    expect(document.querySelector('.e2e-due-vehicle')?.textContent).toContain('下次到期 · 粤B12345')
    expect(document.querySelector('.e2e-due-odometer')?.textContent).toBe('当前里程约 46,841 公里（2026-06-01 记录 40,000 公里）')
    const events = [...document.querySelectorAll('.e2e-due-event')]
    expect(events.map((e) => e.querySelector('.e2e-due-title')?.textContent)).toEqual(['定期保养 · 已逾期', '保险续保 · 即将到期', '年检'])
    expect(events[0].className).toContain('due__event--overdue')
    expect(events[0].querySelector('.e2e-due-explain')?.textContent).toBe('行驶里程约 2026-11-20 已达 45,000 公里，已超过 15 天')
    // Only a workshop visit can be booked.
    expect(events.map((e) => e.querySelector('.e2e-due-book') !== null)).toEqual([true, false, false])
    fireEvent.click(events[0].querySelector('.e2e-due-book') as Element)
    expect(navigateTo).toHaveBeenLastCalledWith({
      url: `/pages/owner/booking/index?vehicleId=${VEHICLE}&serviceType=regular_maintenance`
    })
  })

  it('renders nothing for vehicles without events', () => {
    render(<DueVehicles vehicles={due.vehicles.slice(1)} />)
    expect(document.querySelector('.e2e-due-vehicle')).toBeNull()
  })
})
