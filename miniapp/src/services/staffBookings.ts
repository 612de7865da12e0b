import { api } from './request'
import type {
  BookingAvailability,
  BookingServiceType,
  BookingSettings,
  BookingTarget,
  BookingView,
  RescheduleRequest,
  StaffBookingList,
  StaffBookingQuery,
  StaffBookRequest
} from './api-types'

/** Staff side of maintenance bookings: day lists, booking for a customer, arrivals, settings. */

const bookingPath = (id: string, action: string) => `/api/bookings/${encodeURIComponent(id)}/${action}`

/** Bookings of one day (an advisor sees the ones with them as advisor; a manager the store's). */
export function listBookings(query: StaffBookingQuery): Promise<StaffBookingList> {
  return api.get<StaffBookingList>('/api/bookings', { pageSize: 100, ...query })
}

/** Whose vehicle it is (the page opened from the workbench with a vehicle id only). */
export function bookingTargetOf(vehicleId: string): Promise<BookingTarget> {
  return api.get<BookingTarget>(`/api/bookings/targets/${encodeURIComponent(vehicleId)}`)
}

export function bookForCustomer(input: StaffBookRequest): Promise<BookingView> {
  return api.post<BookingView>('/api/bookings', input)
}

export function bookingAvailability(serviceType: BookingServiceType, from: string, days: number, dealershipId?: string): Promise<BookingAvailability> {
  return api.get<BookingAvailability>('/api/bookings/availability', { serviceType, from, days, dealershipId })
}

/** The customer's check-in code → the booking, marked arrived. */
export function checkInByCode(code: string, dealershipId?: string): Promise<BookingView> {
  return api.post<BookingView>('/api/bookings/check-in', dealershipId ? { code, dealershipId } : { code })
}

export function markArrived(id: string): Promise<BookingView> {
  return api.post<BookingView>(bookingPath(id, 'arrived'))
}

/** Only once the block has started: the server answers 422 with the reason before that. */
export function markNoShow(id: string): Promise<BookingView> {
  return api.post<BookingView>(bookingPath(id, 'no-show'))
}

export function cancelBooking(id: string, reason: string): Promise<BookingView> {
  return api.post<BookingView>(bookingPath(id, 'cancel'), { reason })
}

export function rescheduleBooking(id: string, input: RescheduleRequest): Promise<BookingView> {
  return api.post<BookingView>(bookingPath(id, 'reschedule'), input)
}

export function getBookingSettings(dealershipId: string): Promise<BookingSettings> {
  return api.get<BookingSettings>(`/api/dealerships/${encodeURIComponent(dealershipId)}/booking-settings`)
}

export function saveBookingSettings(dealershipId: string, patch: Partial<BookingSettings>): Promise<BookingSettings> {
  return api.patch<BookingSettings>(`/api/dealerships/${encodeURIComponent(dealershipId)}/booking-settings`, patch)
}
