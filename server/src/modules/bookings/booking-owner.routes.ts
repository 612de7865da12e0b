import type Router from '@koa/router';
import {
  availabilityQuery,
  availabilityResponse,
  bookingAdvisorList,
  bookingAdvisorsQuery,
  bookingView,
  cancelBookingRequest,
  ownerBookingList,
  ownerBookRequest,
  rescheduleBookingRequest
} from '@dealer/shared';
import { idParams, route } from '../../http/route';
import { availability } from './booking-availability';
import {
  bookableAdvisors,
  listOwnerBookings,
  ownerBook,
  ownerCancel,
  ownerReschedule
} from './booking-owner.service';
import { afterBooking, type BookingHooks } from './booking-hooks';

/** The car owner's side: free blocks, book, list, reschedule, cancel. */
export function ownerBookingRoutes(router: Router, hooks: BookingHooks): void {
  route.owner(router, {
    method: 'get',
    path: '/api/owner/bookings/availability',
    tag: 'bookings',
    summary: 'Days and time blocks with seats left for a service type',
    query: availabilityQuery,
    response: availabilityResponse,
    handler: ({ query }) => availability(query.dealershipId, query.serviceType, query.from, query.days)
  });

  route.owner(router, {
    method: 'get',
    path: '/api/owner/bookings/advisors',
    tag: 'bookings',
    summary: "Advisors I may choose for my vehicle's visit, and my own (the default)",
    query: bookingAdvisorsQuery,
    response: bookingAdvisorList,
    handler: ({ auth, query }) => bookableAdvisors(auth.ownerId, query.vehicleId)
  });

  route.owner(router, {
    method: 'post',
    path: '/api/owner/bookings',
    tag: 'bookings',
    summary: 'Book a maintenance visit for one of my vehicles',
    body: ownerBookRequest,
    response: bookingView,
    status: 201,
    handler: async ({ auth, body, ctx }) => afterBooking(hooks, ctx, await ownerBook(auth.ownerId, body))
  });

  route.owner(router, {
    method: 'get',
    path: '/api/owner/bookings',
    tag: 'bookings',
    summary: 'My bookings (of my vehicles), latest first',
    response: ownerBookingList,
    handler: ({ auth }) => listOwnerBookings(auth.ownerId)
  });

  route.owner(router, {
    method: 'post',
    path: '/api/owner/bookings/:id/reschedule',
    tag: 'bookings',
    summary: 'Move my booking to another block (before the cutoff)',
    params: idParams,
    body: rescheduleBookingRequest,
    response: bookingView,
    handler: ({ auth, params, body }) => ownerReschedule(auth.ownerId, params.id, body)
  });

  route.owner(router, {
    method: 'post',
    path: '/api/owner/bookings/:id/cancel',
    tag: 'bookings',
    summary: 'Cancel my booking with a reason (before the cutoff)',
    params: idParams,
    body: cancelBookingRequest,
    response: bookingView,
    handler: ({ auth, params, body }) => ownerCancel(auth.ownerId, params.id, body.reason)
  });
}
