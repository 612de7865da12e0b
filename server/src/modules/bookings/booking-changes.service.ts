import { BOOKING_STATUS_LABELS, type BookingServiceType, type BookingStatus } from '@dealer/shared';
import { clock, shanghaiDate } from '../../lib/clock';
import { conflict, unprocessable } from '../../lib/errors';
import { Booking, type BookingRecord } from './booking.model';
import { assertBeforeCutoff, chooseBlock } from './booking-calendar';
import { claimSeat, releaseClaims } from './booking-claims';
import { loadBookingSettings } from './booking-settings.service';
import { applyBookingChange, type BookingChange } from './booking-transition';

/** Who changes a booking. Owners are held to the cutoff; staff on the phone are not. */
export interface BookingActor {
  kind: 'owner' | 'staff';
  id: string;
}

const byOf = (actor: BookingActor) => `${actor.kind}:${actor.id}`;

function assertOpen(booking: BookingRecord, doing: string): void {
  if (booking.status !== 'booked') {
    throw conflict(
      'BOOKING_NOT_OPEN',
      `该预约${BOOKING_STATUS_LABELS[booking.status as BookingStatus]}，不能${doing}`
    );
  }
}

async function change(
  booking: BookingRecord,
  wanted: BookingChange,
  onLost: () => Promise<void> = async () => undefined
): Promise<BookingRecord> {
  if (!(await applyBookingChange(booking, wanted))) {
    await onLost();
    throw conflict('BOOKING_CHANGED', '预约刚刚被修改，请刷新后重试');
  }
  const changed = await Booking.findById(booking._id).lean<BookingRecord>();
  if (!changed) throw new Error(`booking ${booking._id} vanished`);
  return changed;
}

/** Moves a booking to another block: the new seat is claimed first, the old one released after. */
export async function rescheduleBooking(
  booking: BookingRecord,
  target: { day: string; blockId: string },
  actor: BookingActor
): Promise<BookingRecord> {
  assertOpen(booking, '改约');
  const settings = await loadBookingSettings(String(booking.dealershipId));
  const now = clock.now();
  if (actor.kind === 'owner') assertBeforeCutoff(settings, booking.startsAt, now);
  if (target.day === booking.day && target.blockId === booking.blockId)
    throw unprocessable('SAME_SLOT', '新时段与原预约相同');
  const serviceType = booking.serviceType as BookingServiceType;
  const chosen = chooseBlock(settings, serviceType, target.day, target.blockId, now);
  const seatClaimId = await claimSeat(
    {
      dealershipId: booking.dealershipId,
      day: target.day,
      blockId: chosen.blockId,
      serviceType,
      capacity: chosen.capacity
    },
    booking._id
  );
  if (!seatClaimId) throw conflict('SLOT_FULL', '该时段已约满，请选择其他时段');
  return change(
    booking,
    {
      action: 'rescheduled',
      by: byOf(actor),
      set: { day: target.day, blockId: chosen.blockId, startsAt: chosen.startsAt, seatClaimId },
      releaseClaimIds: [booking.seatClaimId]
    },
    () => releaseClaims([seatClaimId])
  );
}

/** Cancels with a reason; the seat and the open-booking slots are given back. */
export async function cancelBooking(
  booking: BookingRecord,
  reason: string,
  actor: BookingActor
): Promise<BookingRecord> {
  assertOpen(booking, '取消');
  if (actor.kind === 'owner')
    assertBeforeCutoff(
      await loadBookingSettings(String(booking.dealershipId)),
      booking.startsAt,
      clock.now()
    );
  return change(booking, {
    action: 'cancelled',
    by: byOf(actor),
    set: { status: 'cancelled', cancelReason: reason, seatClaimId: null, limitClaimIds: [] },
    releaseClaimIds: [booking.seatClaimId, ...booking.limitClaimIds]
  });
}

/** The customer is here (on the booked day): the booking stops counting as open. */
export async function markArrived(booking: BookingRecord, actor: BookingActor): Promise<BookingRecord> {
  assertOpen(booking, '登记到店');
  if (booking.day !== shanghaiDate(clock.now()))
    throw unprocessable('NOT_BOOKING_DAY', `只能在预约当天（${booking.day}）登记到店`);
  return change(booking, {
    action: 'arrived',
    by: byOf(actor),
    set: { status: 'arrived', limitClaimIds: [] },
    releaseClaimIds: booking.limitClaimIds
  });
}

/** The customer did not come: only once the block has started. Counted per customer for the advisor. */
export async function markNoShow(booking: BookingRecord, actor: BookingActor): Promise<BookingRecord> {
  assertOpen(booking, '标记未到店');
  if (clock.now().getTime() < booking.startsAt.getTime())
    throw unprocessable('BLOCK_NOT_STARTED', '预约时段尚未开始，不能标记未到店');
  return change(booking, {
    action: 'no_show',
    by: byOf(actor),
    set: { status: 'no_show', seatClaimId: null, limitClaimIds: [] },
    releaseClaimIds: [booking.seatClaimId, ...booking.limitClaimIds]
  });
}
