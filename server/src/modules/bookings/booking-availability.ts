import { Types } from 'mongoose';
import type { AvailabilityResponse, BookingServiceType } from '@dealer/shared';
import { daysBetween } from '@dealer/shared/domain/dates';
import { clock, shanghaiDate } from '../../lib/clock';
import { notFound } from '../../lib/errors';
import { Dealership } from '../dealerships/dealership.model';
import { blockIdOf, blockStartsAt, closedReasonOn, dayRange, earliestBookable } from './booking-calendar';
import { seatSlotKey, takenSeats } from './booking-claims';
import { loadBookingSettings } from './booking-settings.service';

/** Days and blocks with the seats left for one service type, from `from` (default today). */
export async function availability(
  dealershipId: string,
  serviceType: BookingServiceType,
  from: string | undefined,
  count: number
): Promise<AvailabilityResponse> {
  if (!(await Dealership.exists({ _id: new Types.ObjectId(dealershipId) })))
    throw notFound('门店', 'DEALERSHIP_NOT_FOUND');
  const settings = await loadBookingSettings(dealershipId);
  const now = clock.now();
  const today = shanghaiDate(now);
  const days = dayRange(from && from > today ? from : today, count);
  const taken = await takenSeats(new Types.ObjectId(dealershipId), days);
  const earliest = earliestBookable(settings, now).getTime();
  const capacity = settings.capacity[serviceType];
  return {
    serviceType,
    days: days.map((day) => {
      const closed = closedReasonOn(day, settings);
      if (closed)
        return { day, closed: true, closedReason: closed.reason, closedLabel: closed.label, blocks: [] };
      const tooFar = daysBetween(today, day) > settings.maxDaysAhead;
      return {
        day,
        closed: false,
        closedReason: null,
        closedLabel: null,
        blocks: settings.blocks.map((block) => {
          const blockId = blockIdOf(block);
          const seatsLeft = Math.max(
            0,
            capacity - (taken.get(`${day}|${seatSlotKey(blockId, serviceType)}`) ?? 0)
          );
          const bookable = !tooFar && seatsLeft > 0 && blockStartsAt(day, block.start).getTime() >= earliest;
          return { blockId, start: block.start, end: block.end, capacity, seatsLeft, bookable };
        })
      };
    })
  };
}
