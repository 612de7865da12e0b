import { api } from './request'
import type { Availability, BookingAdvisorList, BookingServiceType, BookingView, OwnerBookingList, OwnerBookRequest, OwnerDue } from './api-types'

/** Days ahead the booking page shows (the dealership's own limit may cut it shorter). */
export const AVAILABILITY_DAYS = 14

/** Days and time blocks with seats left, from today (the server's Shanghai day). */
export function getAvailability(dealershipId: string, serviceType: BookingServiceType): Promise<Availability> {
  return api.get<Availability>('/api/owner/bookings/availability', { dealershipId, serviceType, days: AVAILABILITY_DAYS })
}

/** Advisors I may choose for this vehicle's visit, and my own (the default). */
export function getBookingAdvisors(vehicleId: string): Promise<BookingAdvisorList> {
  return api.get<BookingAdvisorList>('/api/owner/bookings/advisors', { vehicleId })
}

/** Errors (Chinese messages, shown as they come): 422 DAY_CLOSED, INSIDE_LEAD_TIME, BOOKING_LIMIT…, 409 SLOT_FULL. */
export function bookVisit(request: OwnerBookRequest): Promise<BookingView> {
  return api.post<BookingView>('/api/owner/bookings', request)
}

export function listMyBookings(): Promise<OwnerBookingList> {
  return api.get<OwnerBookingList>('/api/owner/bookings')
}

/** 422 AFTER_CUTOFF once the dealership's cutoff before the block has passed. */
export function rescheduleBooking(id: string, day: string, blockId: string): Promise<BookingView> {
  return api.post<BookingView>(`/api/owner/bookings/${encodeURIComponent(id)}/reschedule`, { day, blockId })
}

export function cancelBooking(id: string, reason: string): Promise<BookingView> {
  return api.post<BookingView>(`/api/owner/bookings/${encodeURIComponent(id)}/cancel`, { reason })
}

/** When each of my vehicles is next due (maintenance, insurance, inspection, warranty / 三包). */
export function getOwnerDue(): Promise<OwnerDue> {
  return api.get<OwnerDue>('/api/owner/due')
}
