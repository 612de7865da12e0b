import {
  BOOKING_SERVICE_TYPE_LABELS,
  type BookingBlock,
  type BookingClosedReason,
  type BookingServiceType,
  type BookingSettings
} from '@dealer/shared';
import { BUNDLED_HOLIDAY_TABLES } from '@dealer/shared/domain/calendar/holiday-data';
import { holidayPeriodOn } from '@dealer/shared/domain/calendar/holidays';
import { addDays, daysBetween } from '@dealer/shared/domain/dates';
import { shanghaiDate } from '../../lib/clock';
import { unprocessable } from '../../lib/errors';

/** The rules of when a block can be booked, rescheduled or cancelled. Times are Asia/Shanghai. */

const HOUR_MS = 3600_000;

export const blockIdOf = (block: BookingBlock): string =>
  `${block.start.replace(':', '')}-${block.end.replace(':', '')}`;

/** The instant a block starts: `day` at `HH:MM` in Asia/Shanghai (UTC+8, no daylight saving). */
export function blockStartsAt(day: string, start: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  const [hh, mm] = start.split(':').map(Number);
  return new Date(Date.UTC(y, m - 1, d, hh - 8, mm));
}

export function closedReasonOn(
  day: string,
  settings: BookingSettings
): { reason: BookingClosedReason; label: string } | null {
  if (settings.closedDays.includes(day)) return { reason: 'dealership_closed', label: '门店休息' };
  if (settings.closedOnPublicHolidays) {
    const holiday = holidayPeriodOn(day, BUNDLED_HOLIDAY_TABLES);
    if (holiday) return { reason: 'public_holiday', label: `${holiday.name}假期` };
  }
  return null;
}

export const earliestBookable = (settings: BookingSettings, now: Date): Date =>
  new Date(now.getTime() + settings.leadTimeHours * HOUR_MS);

export interface ChosenBlock {
  block: BookingBlock;
  blockId: string;
  startsAt: Date;
  capacity: number;
}

/**
 * Checks that a block can be booked now: the dealership has it, the type is offered, the day
 * is open and within reach, and the block starts after the lead time. Each failure is a 422
 * with a message the customer can act on.
 */
export function chooseBlock(
  settings: BookingSettings,
  serviceType: BookingServiceType,
  day: string,
  blockId: string,
  now: Date
): ChosenBlock {
  const block = settings.blocks.find((b) => blockIdOf(b) === blockId);
  if (!block) throw unprocessable('BLOCK_UNKNOWN', '门店没有这个预约时段，请重新选择');
  const capacity = settings.capacity[serviceType];
  if (capacity <= 0)
    throw unprocessable(
      'SERVICE_TYPE_NOT_OFFERED',
      `门店暂不接受「${BOOKING_SERVICE_TYPE_LABELS[serviceType]}」在线预约，请致电门店`
    );
  const startsAt = blockStartsAt(day, block.start);
  if (startsAt.getTime() <= now.getTime()) throw unprocessable('BLOCK_PAST', '该时段已过，请选择其他时段');
  const closed = closedReasonOn(day, settings);
  if (closed)
    throw unprocessable('DAY_CLOSED', `${day} ${closed.label}，不接受预约，请选择其他日期`, {
      reason: closed.reason
    });
  if (daysBetween(shanghaiDate(now), day) > settings.maxDaysAhead)
    throw unprocessable('TOO_FAR_AHEAD', `最多可预约${settings.maxDaysAhead}天内的时段`);
  if (startsAt.getTime() < earliestBookable(settings, now).getTime()) {
    throw unprocessable('INSIDE_LEAD_TIME', `需至少提前${settings.leadTimeHours}小时预约，请选择更晚的时段`);
  }
  return { block, blockId, startsAt, capacity };
}

/** Owners change or cancel a booking only up to `cutoffHours` before its block. */
export function assertBeforeCutoff(settings: BookingSettings, startsAt: Date, now: Date): void {
  if (startsAt.getTime() - now.getTime() < settings.cutoffHours * HOUR_MS) {
    throw unprocessable(
      'AFTER_CUTOFF',
      `距预约时段不足${settings.cutoffHours}小时，无法在线改约或取消，请致电门店`
    );
  }
}

/** The days from `from` on, `count` of them. */
export const dayRange = (from: string, count: number): string[] =>
  Array.from({ length: count }, (_, i) => addDays(from, i));
