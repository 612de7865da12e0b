import { Types } from 'mongoose';
import {
  BOOKING_SERVICE_TYPE_LABELS,
  BOOKING_STATUS_LABELS,
  type BookingServiceType,
  type BookingStatus,
  type BookingView
} from '@dealer/shared';
import { op } from '../../lib/query';
import { Dealership } from '../dealerships/dealership.model';
import { Staff } from '../staff/staff.model';
import { Booking, type BookingRecord } from './booking.model';

const clockOf = (hhmm: string) => `${hhmm.slice(0, 2)}:${hhmm.slice(2, 4)}`;

type Named = Array<{ _id: Types.ObjectId; name: string }>;

const idsOf = (ids: readonly (Types.ObjectId | null | undefined)[]) =>
  [...new Set(ids.filter((id): id is Types.ObjectId => Boolean(id)).map(String))].map(
    (id) => new Types.ObjectId(id)
  );
const byId = (rows: Named) => new Map(rows.map((r) => [String(r._id), r.name]));

async function dealershipNames(ids: readonly Types.ObjectId[]): Promise<Map<string, string>> {
  return byId(await Dealership.find({ _id: op.in(idsOf(ids)) }, { name: 1 }).lean<Named>());
}

async function staffNames(ids: readonly (Types.ObjectId | null | undefined)[]): Promise<Map<string, string>> {
  const wanted = idsOf(ids);
  return wanted.length
    ? byId(await Staff.find({ _id: op.in(wanted) }, { name: 1 }).lean<Named>())
    : new Map();
}

/** How many bookings each customer failed to show up for (shown to staff). */
async function noShowCounts(customerIds: readonly Types.ObjectId[]): Promise<Map<string, number>> {
  const ids = [...new Set(customerIds.map(String))].map((id) => new Types.ObjectId(id));
  const rows = ids.length
    ? await Booking.find({ customerId: op.in(ids), status: 'no_show' }, { customerId: 1 }).lean()
    : [];
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(String(r.customerId), (counts.get(String(r.customerId)) ?? 0) + 1);
  return counts;
}

export async function presentBookings(
  bookings: readonly BookingRecord[],
  audience: 'owner' | 'staff'
): Promise<BookingView[]> {
  const [dealers, advisors, noShows] = await Promise.all([
    dealershipNames(bookings.map((b) => b.dealershipId)),
    staffNames(bookings.map((b) => b.advisorId)),
    audience === 'staff' ? noShowCounts(bookings.map((b) => b.customerId)) : Promise.resolve(null)
  ]);
  return bookings.map((b) => {
    const [start, end] = b.blockId.split('-');
    const status = b.status as BookingStatus;
    const serviceType = b.serviceType as BookingServiceType;
    return {
      id: String(b._id),
      dealership: { id: String(b.dealershipId), name: dealers.get(String(b.dealershipId)) ?? '' },
      vehicle: { id: String(b.vehicleId), plate: b.plate ?? null, title: b.vehicleTitle ?? '' },
      customer: { id: String(b.customerId), name: b.customerName },
      advisor: b.advisorId
        ? { id: String(b.advisorId), name: advisors.get(String(b.advisorId)) ?? '' }
        : null,
      serviceType,
      serviceTypeLabel: BOOKING_SERVICE_TYPE_LABELS[serviceType],
      day: b.day,
      blockId: b.blockId,
      start: clockOf(start),
      end: clockOf(end),
      status,
      statusLabel: BOOKING_STATUS_LABELS[status],
      // The code proves the customer is at the counter, so only they see it.
      checkInCode: audience === 'owner' ? b.checkInCode : null,
      note: b.note ?? '',
      mileage: b.mileage?.km != null && b.mileage.date ? { km: b.mileage.km, date: b.mileage.date } : null,
      cancelReason: b.cancelReason ?? null,
      bookedBy: b.bookedBy as 'owner' | 'staff',
      createdAt: b.createdAt.toISOString(),
      ...(noShows ? { customerNoShows: noShows.get(String(b.customerId)) ?? 0 } : {})
    };
  });
}

export async function presentBooking(
  booking: BookingRecord,
  audience: 'owner' | 'staff'
): Promise<BookingView> {
  const [view] = await presentBookings([booking], audience);
  return view;
}
