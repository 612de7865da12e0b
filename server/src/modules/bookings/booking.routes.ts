import type Router from '@koa/router';
import { ownerBookingRoutes } from './booking-owner.routes';
import { staffBookingRoutes } from './booking-staff.routes';

/** The booking module's routes: the one call the composition root makes. */
export function bookingRoutes(router: Router): void {
  ownerBookingRoutes(router);
  staffBookingRoutes(router);
}
