import type { Context } from 'koa';
import type { BookingView } from '@dealer/shared';
import type { Logger } from '../../lib/logger';

/**
 * What other modules do after a booking, passed in by the composition root (ModuleWiring):
 * modules that read bookings (the due engine reads their mileage) are never imported here.
 */
export interface BookingHooks {
  /** The booking recorded an odometer reading for the vehicle. Must not throw. */
  mileageRecorded(vehicleId: string, log: Logger | undefined): Promise<void>;
}

/** Runs the hooks a new booking calls for, then answers with it. */
export async function afterBooking(
  hooks: BookingHooks,
  ctx: Context,
  booking: BookingView
): Promise<BookingView> {
  if (booking.mileage) await hooks.mileageRecorded(booking.vehicle.id, ctx.state.log as Logger | undefined);
  return booking;
}
