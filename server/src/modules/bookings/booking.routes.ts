import type Router from '@koa/router';
import type { BookingHooks } from './booking-hooks';
import { ownerBookingRoutes } from './booking-owner.routes';
import { staffBookingRoutes } from './booking-staff.routes';

/** The booking module's routes: the one call the composition root makes. */
export function bookingRoutes(router: Router, hooks: BookingHooks): void {
  ownerBookingRoutes(router, hooks);
  staffBookingRoutes(router, hooks);
}
