import type { Types } from 'mongoose';
import { op } from '../../lib/query';
import { Booking, type BookingRecord } from './booking.model';
import { applyBookingChange } from './booking-transition';

/** A repair order as the import knows it. */
export interface ServedRecord {
  _id: Types.ObjectId;
  vehicleId: Types.ObjectId;
  /** The day the vehicle came in, YYYY-MM-DD. */
  serviceDate: string;
}

/**
 * Marks served the bookings (booked or arrived) of the vehicles and days of imported repair
 * orders; the DMS import calls it after writing a batch. Once-only by the transition claim,
 * so re-importing the same file or two imports at once link each booking once. Returns how
 * many bookings it marked.
 */
export async function linkServedBookings(
  dealershipId: Types.ObjectId | string,
  records: readonly ServedRecord[]
): Promise<number> {
  if (records.length === 0) return 0;
  const byVehicleDay = new Map(records.map((r) => [`${r.vehicleId}|${r.serviceDate}`, r]));
  const candidates = await Booking.find({
    vehicleId: op.in(records.map((r) => r.vehicleId)),
    status: op.in(['booked', 'arrived'])
  }).lean<BookingRecord[]>();
  let linked = 0;
  for (const booking of candidates) {
    const record = byVehicleDay.get(`${booking.vehicleId}|${booking.day}`);
    if (!record || String(booking.dealershipId) !== String(dealershipId)) continue;
    const won = await applyBookingChange(booking, {
      action: 'served',
      by: 'import',
      set: { status: 'served', serviceRecordId: record._id, limitClaimIds: [] },
      releaseClaimIds: booking.limitClaimIds
    });
    if (won) linked++;
  }
  return linked;
}
