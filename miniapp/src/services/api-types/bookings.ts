import type { bookingSettings, bookingTarget, rescheduleBookingRequest, staffBookRequest, staffBookingList, staffBookingListQuery } from '@dealer/shared'
import type { availabilityResponse, bookingAdvisorList, bookingServiceType, bookingView, ownerBookingList, ownerBookRequest } from '@dealer/shared/api/bookings'
import type { DealershipDueSettings, DueEventView, OwnerDueResponse, dueEventView, ownerDueResponse, ownerVehicleDue } from '@dealer/shared/api/due'
import type { DueType } from '@dealer/shared/domain/due/settings'
import type { SchemaInput, SchemaOutput } from './schema'

// ---- bookings and the owner's due events ----
export type { DealershipDueSettings, DueEventView, DueType, OwnerDueResponse }
export type BookingServiceType = SchemaOutput<typeof bookingServiceType>
export type BookingView = SchemaOutput<typeof bookingView>
export type OwnerBookingList = SchemaOutput<typeof ownerBookingList>
export type OwnerBookRequest = SchemaInput<typeof ownerBookRequest>
export type Availability = SchemaOutput<typeof availabilityResponse>
export type AvailableDay = Availability['days'][number]
export type AvailableBlock = AvailableDay['blocks'][number]
export type BookingAdvisorList = SchemaOutput<typeof bookingAdvisorList>
export type OwnerDue = SchemaOutput<typeof ownerDueResponse>
export type OwnerVehicleDue = SchemaOutput<typeof ownerVehicleDue>
export type DueEvent = SchemaOutput<typeof dueEventView>

// ---- bookings (staff side) ----
export type BookingStatus = BookingView['status']
export type StaffBookingList = SchemaOutput<typeof staffBookingList>
export type StaffBookingQuery = Partial<Pick<SchemaOutput<typeof staffBookingListQuery>, 'day' | 'status' | 'dealershipId' | 'page' | 'pageSize'>>
export type StaffBookRequest = SchemaInput<typeof staffBookRequest>
export type RescheduleRequest = SchemaInput<typeof rescheduleBookingRequest>
export type BookingAvailability = Availability
export type BookingSettings = SchemaOutput<typeof bookingSettings>
export type BookingBlock = BookingSettings['blocks'][number]
export type BookingTarget = SchemaOutput<typeof bookingTarget>
