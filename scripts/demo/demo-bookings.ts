import type { Types } from 'mongoose';
import type { BookingServiceType } from '@dealer/shared';
import type { StaffAuth } from '../../server/src/http/auth-context';
import { availability } from '../../server/src/modules/bookings/booking-availability';
import { Booking } from '../../server/src/modules/bookings/booking.model';
import { staffBook } from '../../server/src/modules/bookings/booking-staff.service';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { Staff } from '../../server/src/modules/staff/staff.model';
import { Vehicle } from '../../server/src/modules/vehicles/vehicle.model';
import { DEMO_OWNER } from './seed-demo';

/**
 * Upcoming visits for the demo visitor's cars, booked by their advisor on the phone through
 * the staff booking service (seats, limits and check-in codes as in real use), so 我的预约
 * has something to show once the visitor binds and adds the car. One per car (the default
 * open-booking limit), at most two; skipped when the visitor already has bookings.
 */
const VISITS: ReadonlyArray<{ serviceType: BookingServiceType; note: string; fromDay: number }> = [
  { serviceType: 'regular_maintenance', note: '电话预约：定期保养，顺便检查空调', fromDay: 2 },
  { serviceType: 'repair', note: '电话预约：右后车门异响', fromDay: 5 }
];

/** The first block with a free seat from `fromDay` days ahead on. */
async function firstFreeBlock(
  dealershipId: Types.ObjectId,
  serviceType: BookingServiceType,
  fromDay: number
) {
  const { days } = await availability(String(dealershipId), serviceType, undefined, 21);
  for (const day of days.slice(fromDay)) {
    const block = day.blocks.find((b) => b.bookable && b.seatsLeft > 0);
    if (block) return { day: day.day, blockId: block.blockId };
  }
  return null;
}

/** Returns how many bookings it made. */
export async function bookDemoVisits(dealershipId: Types.ObjectId): Promise<number> {
  const customer = await Customer.findOne(
    { dealershipId, mobile: DEMO_OWNER.mobile },
    { advisorId: 1 }
  ).lean();
  if (!customer?.advisorId || (await Booking.exists({ customerId: customer._id }))) return 0;
  const advisor = await Staff.findById(customer.advisorId, { name: 1 }).lean();
  if (!advisor) return 0;
  const auth: StaffAuth = {
    kind: 'staff',
    sessionId: 'demo-seed',
    staffId: String(advisor._id),
    name: advisor.name,
    role: 'advisor',
    dealershipId: String(dealershipId)
  };
  const cars = await Vehicle.find({ customerId: customer._id }, { _id: 1 }).sort({ _id: 1 }).lean();
  let booked = 0;
  for (const [i, car] of cars.slice(0, VISITS.length).entries()) {
    const visit = VISITS[i];
    const slot = await firstFreeBlock(dealershipId, visit.serviceType, visit.fromDay);
    if (!slot) continue;
    await staffBook(auth, {
      customerId: String(customer._id),
      vehicleId: String(car._id),
      serviceType: visit.serviceType,
      note: visit.note,
      ...slot
    });
    booked += 1;
  }
  return booked;
}
