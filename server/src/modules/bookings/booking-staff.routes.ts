import type Router from '@koa/router';
import { z } from 'zod';
import {
  availabilityResponse,
  bookingServiceType,
  bookingTarget,
  bookingDay,
  bookingSettings,
  bookingView,
  cancelBookingRequest,
  checkInRequest,
  objectId,
  rescheduleBookingRequest,
  staffBookingList,
  staffBookingListQuery,
  staffBookRequest,
  staffTodayQuery,
  updateBookingSettingsRequest
} from '@dealer/shared';
import { idParams, route } from '../../http/route';
import { availability } from './booking-availability';
import { afterBooking, type BookingHooks } from './booking-hooks';
import { actingDealershipId, authorizeBooking } from './bookings.policy';
import { loadBookingSettings, updateBookingSettings } from './booking-settings.service';
import {
  bookingTargetOf,
  checkIn,
  listStaffBookings,
  staffBook,
  staffCancel,
  staffMarkArrived,
  staffMarkNoShow,
  staffReschedule,
  todaysBookings
} from './booking-staff.service';

const staffAvailabilityQuery = z.strictObject({
  dealershipId: objectId.optional(),
  serviceType: bookingServiceType,
  from: bookingDay.optional(),
  days: z.coerce.number().int().min(1).max(31).default(14)
});

/** Advisors and managers: lists, booking for a customer, arrivals, no-shows; managers: settings. */
export function staffBookingRoutes(router: Router, hooks: BookingHooks): void {
  route.staff(router, {
    method: 'get',
    path: '/api/dealerships/:id/booking-settings',
    tag: 'bookings',
    summary: 'Booking settings: time blocks, bays per type, closed days, lead time, cutoff, limits',
    capability: 'bookings.settings.read',
    params: idParams,
    response: bookingSettings,
    handler: ({ auth, params }) => {
      authorizeBooking(auth, 'bookings.settings.read');
      return loadBookingSettings(actingDealershipId(auth, params.id));
    }
  });

  route.staff(router, {
    method: 'patch',
    path: '/api/dealerships/:id/booking-settings',
    tag: 'bookings',
    summary: 'Change booking settings (only the fields sent)',
    capability: 'bookings.settings.edit',
    params: idParams,
    body: updateBookingSettingsRequest,
    response: bookingSettings,
    handler: ({ auth, params, body }) => {
      authorizeBooking(auth, 'bookings.settings.edit');
      return updateBookingSettings(actingDealershipId(auth, params.id), body);
    }
  });

  route.staff(router, {
    method: 'get',
    path: '/api/bookings/availability',
    tag: 'bookings',
    summary: 'Days and time blocks with seats left (booking for a customer)',
    capability: 'bookings.work',
    query: staffAvailabilityQuery,
    response: availabilityResponse,
    handler: ({ auth, query }) => {
      authorizeBooking(auth, 'bookings.work');
      return availability(
        actingDealershipId(auth, query.dealershipId),
        query.serviceType,
        query.from,
        query.days
      );
    }
  });

  route.staff(router, {
    method: 'get',
    path: '/api/bookings',
    tag: 'bookings',
    summary: 'Bookings: an advisor sees their own, a manager the dealership’s',
    capability: 'bookings.work',
    query: staffBookingListQuery,
    response: staffBookingList,
    handler: ({ auth, query }) => listStaffBookings(auth, query)
  });

  route.staff(router, {
    method: 'get',
    path: '/api/bookings/today',
    tag: 'bookings',
    summary: 'Today’s bookings in block order, with each customer’s no-show count',
    capability: 'bookings.work',
    query: staffTodayQuery,
    response: staffBookingList,
    handler: ({ auth, query }) => todaysBookings(auth, query.dealershipId)
  });

  route.staff(router, {
    method: 'get',
    path: '/api/bookings/targets/:id',
    tag: 'bookings',
    summary: 'Whose vehicle staff are about to book for: the customer, the vehicle, their advisor',
    capability: 'bookings.work',
    params: idParams,
    response: bookingTarget,
    handler: ({ auth, params }) => bookingTargetOf(auth, params.id)
  });

  route.staff(router, {
    method: 'post',
    path: '/api/bookings',
    tag: 'bookings',
    summary: 'Book for a customer (on the phone)',
    capability: 'bookings.work',
    body: staffBookRequest,
    response: bookingView,
    status: 201,
    handler: async ({ auth, body, ctx }) => afterBooking(hooks, ctx, await staffBook(auth, body))
  });

  route.staff(router, {
    method: 'post',
    path: '/api/bookings/check-in',
    tag: 'bookings',
    summary: 'Mark arrived by the customer’s check-in code',
    capability: 'bookings.work',
    body: checkInRequest,
    response: bookingView,
    handler: ({ auth, body }) => checkIn(auth, body.code, body.dealershipId)
  });

  const action = (
    path: string,
    summary: string,
    handler: (auth: Parameters<typeof staffMarkArrived>[0], id: string) => ReturnType<typeof staffMarkArrived>
  ) =>
    route.staff(router, {
      method: 'post',
      path,
      tag: 'bookings',
      summary,
      capability: 'bookings.work',
      params: idParams,
      response: bookingView,
      handler: ({ auth, params }) => handler(auth, params.id)
    });
  action('/api/bookings/:id/arrived', 'Mark the customer arrived (on the booked day)', staffMarkArrived);
  action(
    '/api/bookings/:id/no-show',
    'Mark the customer a no-show (once the block has started)',
    staffMarkNoShow
  );

  route.staff(router, {
    method: 'post',
    path: '/api/bookings/:id/reschedule',
    tag: 'bookings',
    summary: 'Move a booking to another block',
    capability: 'bookings.work',
    params: idParams,
    body: rescheduleBookingRequest,
    response: bookingView,
    handler: ({ auth, params, body }) => staffReschedule(auth, params.id, body)
  });

  route.staff(router, {
    method: 'post',
    path: '/api/bookings/:id/cancel',
    tag: 'bookings',
    summary: 'Cancel a booking with a reason',
    capability: 'bookings.work',
    params: idParams,
    body: cancelBookingRequest,
    response: bookingView,
    handler: ({ auth, params, body }) => staffCancel(auth, params.id, body.reason)
  });
}
