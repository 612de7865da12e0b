import { Types } from 'mongoose';
import type { BookingServiceType } from '@dealer/shared';
import { clock, shanghaiDate } from '../../lib/clock';
import { conflict, isDuplicateKeyError, unprocessable } from '../../lib/errors';
import { newCode } from '../../lib/tokens';
import { Staff } from '../staff/staff.model';
import type { VehicleRecord } from '../bindings/owner-vehicle.service';
import { Booking, type BookingRecord } from './booking.model';
import { chooseBlock } from './booking-calendar';
import { claimOpenLimits, claimSeat, releaseClaims } from './booking-claims';
import { queueOneMessages, requestRunId } from '../care/engine/one-message';
import { recordBookedMileage } from './booking-mileage';
import { bookingMessage } from './booking-messages';
import { loadBookingSettings } from './booking-settings.service';

export interface BookingCustomer {
  _id: Types.ObjectId;
  name: string;
  advisorId?: Types.ObjectId | null;
}

export interface NewBooking {
  customer: BookingCustomer;
  vehicle: VehicleRecord;
  serviceType: BookingServiceType;
  day: string;
  blockId: string;
  advisorId?: string;
  mileageKm?: number;
  note?: string;
  by: { kind: 'owner'; ownerId: string } | { kind: 'staff'; staffId: string; isAdvisor: boolean };
}

/** The advisor named, if they are an active advisor of the dealership; else the customer's own. */
async function chooseAdvisor(
  dealershipId: Types.ObjectId,
  input: NewBooking
): Promise<Types.ObjectId | null> {
  if (input.advisorId) {
    const advisor = await Staff.findOne(
      { _id: new Types.ObjectId(input.advisorId), dealershipId, role: 'advisor', disabled: false },
      { _id: 1 }
    ).lean();
    if (!advisor) throw unprocessable('ADVISOR_UNKNOWN', '所选顾问不在本店，请重新选择');
    return advisor._id;
  }
  if (input.customer.advisorId) return input.customer.advisorId;
  return input.by.kind === 'staff' && input.by.isAdvisor ? new Types.ObjectId(input.by.staffId) : null;
}

const limitMessage = (limit: 'vehicle' | 'owner', max: number) =>
  limit === 'vehicle'
    ? `这辆车已有${max}个未完成的预约，请先完成或取消后再预约`
    : `您已有${max}个未完成的预约，请先完成或取消后再预约`;

/**
 * Books a seat: checks the block (422s), takes a seat, then the vehicle's and owner's
 * open-booking slots — all unique inserts, so limits and capacity hold under any concurrency. Any
 * claim taken is given back when a later step fails.
 */
export async function createBooking(input: NewBooking): Promise<BookingRecord> {
  const dealershipId = input.vehicle.dealershipId;
  const settings = await loadBookingSettings(String(dealershipId));
  const now = clock.now();
  const chosen = chooseBlock(settings, input.serviceType, input.day, input.blockId, now);
  const advisorId = await chooseAdvisor(dealershipId, input);
  const _id = new Types.ObjectId();
  // The seat first: most requests that fail, fail on a full block (the busy hours), and then
  // they never touch the customer's limit slots. A request that then fails on its limit gives
  // the seat back at once.
  const seatClaimId = await claimSeat(
    {
      dealershipId,
      day: input.day,
      blockId: chosen.blockId,
      serviceType: input.serviceType,
      capacity: chosen.capacity
    },
    _id
  );
  if (!seatClaimId) throw conflict('SLOT_FULL', '该时段已约满，请选择其他时段');
  const limits = await claimOpenLimits(
    {
      dealershipId,
      vehicleId: input.vehicle._id,
      customerId: input.customer._id,
      maxOpenPerVehicle: settings.maxOpenPerVehicle,
      maxOpenPerOwner: settings.maxOpenPerOwner
    },
    _id
  );
  if (!limits.ok) {
    await releaseClaims([seatClaimId]);
    const max = limits.limit === 'vehicle' ? settings.maxOpenPerVehicle : settings.maxOpenPerOwner;
    throw unprocessable('BOOKING_LIMIT', limitMessage(limits.limit, max), { limit: limits.limit, max });
  }
  const today = shanghaiDate(now);
  const by = input.by.kind === 'owner' ? `owner:${input.by.ownerId}` : `staff:${input.by.staffId}`;
  const doc = {
    _id,
    dealershipId,
    customerId: input.customer._id,
    customerName: input.customer.name,
    vehicleId: input.vehicle._id,
    plate: input.vehicle.plate ?? null,
    vehicleTitle: [input.vehicle.series, input.vehicle.model].filter(Boolean).join(' '),
    ownerId: input.by.kind === 'owner' ? new Types.ObjectId(input.by.ownerId) : null,
    bookedBy: input.by.kind,
    bookedByStaffId: input.by.kind === 'staff' ? new Types.ObjectId(input.by.staffId) : null,
    advisorId,
    serviceType: input.serviceType,
    day: input.day,
    blockId: chosen.blockId,
    startsAt: chosen.startsAt,
    status: 'booked',
    version: 0,
    seatClaimId,
    limitClaimIds: limits.claimIds,
    note: input.note ?? '',
    mileage: input.mileageKm === undefined ? null : { km: input.mileageKm, date: today },
    cancelReason: null,
    serviceRecordId: null,
    history: [{ at: now, action: 'booked', by, day: input.day, blockId: chosen.blockId, status: 'booked' }],
    createdAt: now,
    updatedAt: now
  };
  try {
    await insertWithCheckInCode(doc);
  } catch (err) {
    await releaseClaims([seatClaimId, ...limits.claimIds]);
    throw err;
  }
  if (input.mileageKm !== undefined) await recordBookedMileage(input.vehicle, input.mileageKm, today);
  const created = await Booking.findById(_id).lean<BookingRecord>();
  if (!created) throw new Error(`booking ${_id} vanished`);
  // Planned now, sent by the care sender loop within a minute (no WeChat call in the request).
  await queueOneMessages([bookingMessage(created, 'confirmation')], { runId: requestRunId('booking') });
  return created;
}

const CHECK_IN_CODE_LENGTH = 8;

/** 8 characters of 32 (40 bits): unguessable at the counter; the unique index settles a rare clash. */
async function insertWithCheckInCode(doc: Record<string, unknown>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await Booking.create({ ...doc, checkInCode: newCode(CHECK_IN_CODE_LENGTH) });
      return;
    } catch (err) {
      if (!isDuplicateKeyError(err) || attempt >= 4) throw err;
    }
  }
}
