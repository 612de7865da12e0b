import { Types, type FilterQuery } from 'mongoose';
import { roleCan, type Capability } from '@dealer/shared';
import type { StaffAuth } from '../../http/auth-context';
import { oneDealership } from '../../http/dealership-scope';
import { forbidden, notFound } from '../../lib/errors';
import { op } from '../../lib/query';
import { Binding } from '../bindings/binding.model';
import { VehicleClaim } from '../bindings/vehicle-claim.model';
import { Booking, type BookingDoc, type BookingRecord } from './booking.model';

/**
 * Who may do what with bookings, in one place. Which staff roles hold a booking capability is
 * the shared capability map's answer (routes name the capability; the service functions check
 * it again because scripts call them directly); which bookings a staff member or an owner
 * sees is decided here. Out of scope answers 404, the same as a missing booking.
 */
export type BookingAction = Extract<Capability, `bookings.${string}`>;

export function authorizeBooking(auth: StaffAuth, action: BookingAction): void {
  if (!roleCan(auth.role, action)) throw forbidden();
}

/** An advisor booking for a customer without an advisor becomes the booking's advisor. */
export const booksAsAdvisor = (auth: StaffAuth): boolean => auth.role === 'advisor';

/** The dealership a staff member acts for: their own; a group admin names one (the shared scope helper). */
export const actingDealershipId = (auth: StaffAuth, requested?: string): string =>
  oneDealership(auth, requested);

/** An advisor sees the bookings with them as advisor; a manager the dealership's; a group admin any. */
export function staffBookingScope(auth: StaffAuth, dealershipId?: string): FilterQuery<BookingDoc> {
  authorizeBooking(auth, 'bookings.work');
  if (auth.role === 'group_admin')
    return dealershipId ? { dealershipId: new Types.ObjectId(dealershipId) } : {};
  const scope: FilterQuery<BookingDoc> = {
    dealershipId: new Types.ObjectId(actingDealershipId(auth, dealershipId))
  };
  if (auth.role === 'advisor') scope.advisorId = new Types.ObjectId(auth.staffId);
  return scope;
}

export async function loadStaffBooking(auth: StaffAuth, id: string): Promise<BookingRecord> {
  const booking = await Booking.findOne({
    ...staffBookingScope(auth),
    _id: new Types.ObjectId(id)
  }).lean<BookingRecord>();
  if (!booking) throw notFound('预约', 'BOOKING_NOT_FOUND');
  return booking;
}

/** An owner's vehicles: those they claimed at dealerships they are still bound to. */
export async function ownerVehicleIds(ownerId: string): Promise<Types.ObjectId[]> {
  const owner = new Types.ObjectId(ownerId);
  const [claims, bindings] = await Promise.all([
    VehicleClaim.find({ ownerId: owner }).lean(),
    Binding.find({ ownerId: owner }, { dealershipId: 1 }).lean()
  ]);
  const bound = new Set(bindings.map((b) => String(b.dealershipId)));
  return claims.filter((c) => bound.has(String(c.dealershipId))).map((c) => c.vehicleId);
}

/** An owner sees the bookings of their vehicles, whoever made them. */
export async function ownerBookingScope(ownerId: string): Promise<FilterQuery<BookingDoc>> {
  return { vehicleId: op.in(await ownerVehicleIds(ownerId)) };
}

export async function loadOwnerBooking(ownerId: string, id: string): Promise<BookingRecord> {
  const booking = await Booking.findOne({
    ...(await ownerBookingScope(ownerId)),
    _id: new Types.ObjectId(id)
  }).lean<BookingRecord>();
  if (!booking) throw notFound('预约', 'BOOKING_NOT_FOUND');
  return booking;
}
