import type { z } from 'zod';
import type { BookingAdvisorList, BookingView, ownerBookRequest } from '@dealer/shared';
import { notFound } from '../../lib/errors';
import { bindingAt } from '../bindings/binding.service';
import { Customer } from '../customers/customer.model';
import type { VehicleRecord } from '../bindings/owner-vehicle.service';
import { Staff } from '../staff/staff.model';
import { Vehicle } from '../vehicles/vehicle.model';
import { VehicleClaim } from '../bindings/vehicle-claim.model';
import { Booking, type BookingRecord } from './booking.model';
import { cancelBooking, rescheduleBooking } from './booking-changes.service';
import { loadOwnerBooking, ownerBookingScope } from './bookings.policy';
import { presentBooking, presentBookings } from './booking.present';
import { createBooking } from './booking.service';

const vehicleNotFound = () => notFound('车辆', 'VEHICLE_NOT_FOUND');

/** A vehicle the owner claimed, at a dealership they are bound to, with its archive. */
async function ownersVehicle(ownerId: string, vehicleId: string) {
  const claim = await VehicleClaim.findById(`${vehicleId}:${ownerId}`).lean();
  if (!claim || !(await bindingAt(ownerId, claim.dealershipId))) throw vehicleNotFound();
  const vehicle = await Vehicle.findById(vehicleId).lean<VehicleRecord>();
  const customer = vehicle && (await Customer.findById(vehicle.customerId, { name: 1, advisorId: 1 }).lean());
  if (!vehicle || !customer) throw vehicleNotFound();
  return { vehicle, customer };
}

/** The active advisors of the vehicle's dealership, and which one is the owner's own (the default). */
export async function bookableAdvisors(ownerId: string, vehicleId: string): Promise<BookingAdvisorList> {
  const { vehicle, customer } = await ownersVehicle(ownerId, vehicleId);
  const advisors = await Staff.find(
    { dealershipId: vehicle.dealershipId, role: 'advisor', disabled: false },
    { name: 1 }
  )
    .sort({ name: 1 })
    .lean();
  const items = advisors.map((a) => ({ id: String(a._id), name: a.name }));
  const own = customer.advisorId ? String(customer.advisorId) : null;
  return { items, ownAdvisorId: own && items.some((a) => a.id === own) ? own : null };
}

export async function ownerBook(
  ownerId: string,
  input: z.infer<typeof ownerBookRequest>
): Promise<BookingView> {
  const { vehicle, customer } = await ownersVehicle(ownerId, input.vehicleId);
  const booking = await createBooking({
    ...input,
    vehicle,
    customer: { _id: customer._id, name: customer.name, advisorId: customer.advisorId },
    by: { kind: 'owner', ownerId }
  });
  return presentBooking(booking, 'owner');
}

/** The owner's bookings, latest first. */
export async function listOwnerBookings(ownerId: string): Promise<{ items: BookingView[] }> {
  const rows = await Booking.find(await ownerBookingScope(ownerId))
    .sort({ startsAt: -1 })
    .limit(100)
    .lean<BookingRecord[]>();
  return { items: await presentBookings(rows, 'owner') };
}

export async function ownerReschedule(
  ownerId: string,
  bookingId: string,
  target: { day: string; blockId: string }
): Promise<BookingView> {
  const booking = await loadOwnerBooking(ownerId, bookingId);
  return presentBooking(await rescheduleBooking(booking, target, { kind: 'owner', id: ownerId }), 'owner');
}

export async function ownerCancel(ownerId: string, bookingId: string, reason: string): Promise<BookingView> {
  const booking = await loadOwnerBooking(ownerId, bookingId);
  return presentBooking(await cancelBooking(booking, reason, { kind: 'owner', id: ownerId }), 'owner');
}
