import { Types } from 'mongoose';
import type { z } from 'zod';
import type { BookingStatus, BookingView, staffBookRequest } from '@dealer/shared';
import type { StaffAuth } from '../../http/auth-context';
import { clock, shanghaiDate } from '../../lib/clock';
import { notFound } from '../../lib/errors';
import { loadCustomerFor } from '../customers/customer.scope';
import type { VehicleRecord } from '../bindings/owner-vehicle.service';
import { Staff } from '../staff/staff.model';
import { Vehicle } from '../vehicles/vehicle.model';
import { Booking, type BookingRecord } from './booking.model';
import {
  cancelBooking,
  markArrived,
  markNoShow,
  rescheduleBooking,
  type BookingActor
} from './booking-changes.service';
import {
  actingDealershipId,
  authorizeBooking,
  booksAsAdvisor,
  loadStaffBooking,
  staffBookingScope
} from './bookings.policy';
import { presentBooking, presentBookings } from './booking.present';
import { createBooking } from './booking.service';

const actorOf = (auth: StaffAuth): BookingActor => ({ kind: 'staff', id: auth.staffId });

export async function listStaffBookings(
  auth: StaffAuth,
  q: { dealershipId?: string; day?: string; status?: BookingStatus; page: number; pageSize: number }
) {
  const filter = {
    ...staffBookingScope(auth, q.dealershipId),
    ...(q.day ? { day: q.day } : {}),
    ...(q.status ? { status: q.status } : {})
  };
  const [rows, total] = await Promise.all([
    Booking.find(filter)
      .sort({ startsAt: 1, _id: 1 })
      .skip((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .lean<BookingRecord[]>(),
    Booking.countDocuments(filter)
  ]);
  return { items: await presentBookings(rows, 'staff'), total, page: q.page, pageSize: q.pageSize };
}

/** Today's list (Asia/Shanghai), in block order. */
export function todaysBookings(auth: StaffAuth, dealershipId?: string) {
  return listStaffBookings(auth, { dealershipId, day: shanghaiDate(clock.now()), page: 1, pageSize: 100 });
}

/** Whose vehicle this is, for the staff booking page; a vehicle outside the caller's customer scope is 404. */
export async function bookingTargetOf(auth: StaffAuth, vehicleId: string) {
  authorizeBooking(auth, 'bookings.work');
  const vehicle = await Vehicle.findById(new Types.ObjectId(vehicleId)).lean<VehicleRecord>();
  if (!vehicle) throw notFound('车辆', 'VEHICLE_NOT_FOUND');
  const customer = await loadCustomerFor(auth, vehicle.customerId).catch(() => {
    throw notFound('车辆', 'VEHICLE_NOT_FOUND');
  });
  const advisor = customer.advisorId
    ? await Staff.findById(customer.advisorId, { name: 1 }).lean<{ _id: Types.ObjectId; name: string }>()
    : null;
  return {
    customer: { id: String(customer._id), name: customer.name },
    vehicle: {
      id: String(vehicle._id),
      plate: vehicle.plate ?? null,
      title: [vehicle.series, vehicle.model].filter(Boolean).join(' ')
    },
    advisor: advisor ? { id: String(advisor._id), name: advisor.name } : null
  };
}

/** Books for a customer on the phone: the customer must be in the staff member's scope. */
export async function staffBook(
  auth: StaffAuth,
  input: z.infer<typeof staffBookRequest>
): Promise<BookingView> {
  authorizeBooking(auth, 'bookings.work');
  const customer = await loadCustomerFor(auth, input.customerId);
  const vehicle = await Vehicle.findOne({
    _id: new Types.ObjectId(input.vehicleId),
    customerId: customer._id
  }).lean<VehicleRecord>();
  if (!vehicle) throw notFound('车辆', 'VEHICLE_NOT_FOUND');
  const { customerId: _customerId, ...rest } = input;
  const booking = await createBooking({
    ...rest,
    vehicle,
    customer: { _id: customer._id, name: customer.name, advisorId: customer.advisorId },
    by: { kind: 'staff', staffId: auth.staffId, isAdvisor: booksAsAdvisor(auth) }
  });
  return presentBooking(booking, 'staff');
}

export async function staffReschedule(
  auth: StaffAuth,
  id: string,
  target: { day: string; blockId: string }
): Promise<BookingView> {
  authorizeBooking(auth, 'bookings.work');
  return presentBooking(
    await rescheduleBooking(await loadStaffBooking(auth, id), target, actorOf(auth)),
    'staff'
  );
}

export async function staffCancel(auth: StaffAuth, id: string, reason: string): Promise<BookingView> {
  authorizeBooking(auth, 'bookings.work');
  return presentBooking(
    await cancelBooking(await loadStaffBooking(auth, id), reason, actorOf(auth)),
    'staff'
  );
}

export async function staffMarkArrived(auth: StaffAuth, id: string): Promise<BookingView> {
  authorizeBooking(auth, 'bookings.work');
  return presentBooking(await markArrived(await loadStaffBooking(auth, id), actorOf(auth)), 'staff');
}

export async function staffMarkNoShow(auth: StaffAuth, id: string): Promise<BookingView> {
  authorizeBooking(auth, 'bookings.work');
  return presentBooking(await markNoShow(await loadStaffBooking(auth, id), actorOf(auth)), 'staff');
}

/**
 * Arrival by the customer's check-in code: anyone at the dealership's counter may take it,
 * not only the booking's advisor. A code of another dealership is "not found".
 */
export async function checkIn(auth: StaffAuth, code: string, dealershipId?: string): Promise<BookingView> {
  authorizeBooking(auth, 'bookings.work');
  const dealer = new Types.ObjectId(actingDealershipId(auth, dealershipId));
  const booking = await Booking.findOne({ dealershipId: dealer, checkInCode: code }).lean<BookingRecord>();
  if (!booking) throw notFound('预约', 'BOOKING_NOT_FOUND');
  return presentBooking(await markArrived(booking, actorOf(auth)), 'staff');
}
