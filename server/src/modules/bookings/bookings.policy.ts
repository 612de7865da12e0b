import { Types, type FilterQuery } from 'mongoose';
import type { StaffRole } from '@dealer/shared';
import type { StaffAuth } from '../../http/auth-context';
import { badRequest, forbidden, notFound } from '../../lib/errors';
import { op } from '../../lib/query';
import { Binding } from '../bindings/binding.model';
import { VehicleClaim } from '../bindings/vehicle-claim.model';
import { Booking, type BookingDoc, type BookingRecord } from './booking.model';

/**
 * Who may do what with bookings, in one place. Staff capabilities by role (named like the
 * planned role → capability map, so the table can move there as is); which bookings a staff
 * member or an owner sees. Out of scope answers 404, the same as a missing booking.
 */
export type BookingAction =
  | 'bookings.read'
  | 'bookings.book'
  | 'bookings.check-in'
  | 'bookings.change'
  | 'bookings.settings.read'
  | 'bookings.settings.edit';

const STAFF_CAPABILITIES: Record<StaffRole, readonly BookingAction[]> = {
  group_admin: [
    'bookings.read',
    'bookings.book',
    'bookings.check-in',
    'bookings.change',
    'bookings.settings.read',
    'bookings.settings.edit'
  ],
  manager: [
    'bookings.read',
    'bookings.book',
    'bookings.check-in',
    'bookings.change',
    'bookings.settings.read',
    'bookings.settings.edit'
  ],
  advisor: [
    'bookings.read',
    'bookings.book',
    'bookings.check-in',
    'bookings.change',
    'bookings.settings.read'
  ],
  marketing: ['bookings.settings.read']
};

export function authorizeBooking(auth: StaffAuth, action: BookingAction): void {
  if (!STAFF_CAPABILITIES[auth.role].includes(action)) throw forbidden();
}

/** An advisor booking for a customer without an advisor becomes the booking's advisor. */
export const booksAsAdvisor = (auth: StaffAuth): boolean => auth.role === 'advisor';

/** The dealership a staff member acts for: their own; a group admin names one. */
export function actingDealershipId(auth: StaffAuth, requested?: string): string {
  if (auth.role === 'group_admin') {
    if (!requested) throw badRequest('DEALERSHIP_REQUIRED', '请指定门店');
    return requested;
  }
  if (!auth.dealershipId) throw forbidden('账号未关联门店');
  if (requested && requested !== auth.dealershipId) throw forbidden('只能访问本店数据');
  return auth.dealershipId;
}

/** An advisor sees the bookings with them as advisor; a manager the dealership's; a group admin any. */
export function staffBookingScope(auth: StaffAuth, dealershipId?: string): FilterQuery<BookingDoc> {
  authorizeBooking(auth, 'bookings.read');
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
