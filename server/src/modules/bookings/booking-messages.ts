import { BOOKING_SERVICE_TYPE_LABELS, type BookingServiceType } from '@dealer/shared';
import { chineseDate } from '../care/engine/message';
import type { OneMessage } from '../care/engine/one-message';
import type { BookingRecord } from './booking.model';

/**
 * The owner's messages about a booking: a confirmation when it is booked (by the owner or by
 * staff on the phone) and a reminder the day before. Both are service notices about the
 * owner's own booking, so no marketing consent is needed; the WeChat message still needs a
 * subscribe consent for the dealership's `care` template (关怀提醒: thing1, date2, thing3),
 * else the inbox notice alone goes out. Sent once per booking and kind (the reminder once
 * per booked day, so a rescheduled booking is reminded of its new day).
 */
export type BookingMessageKind = 'confirmation' | 'reminder';

export const BOOKING_MESSAGE_PAGE = 'pages/owner/bookings/index';
const TEMPLATE_KEY = 'care';

/** '0830-1000' → '08:30-10:00' */
export const blockLabel = (blockId: string) => blockId.replace(/^(\d\d)(\d\d)-(\d\d)(\d\d)$/, '$1:$2-$3:$4');

export const bookingMessageKey = (
  booking: Pick<BookingRecord, '_id' | 'day'>,
  kind: BookingMessageKind
): string =>
  kind === 'confirmation'
    ? `booking:${booking._id}:confirmation`
    : `booking:${booking._id}:reminder:${booking.day}`;

export function bookingMessage(booking: BookingRecord, kind: BookingMessageKind): OneMessage {
  const service = BOOKING_SERVICE_TYPE_LABELS[booking.serviceType as BookingServiceType];
  const when = `${chineseDate(booking.day)} ${blockLabel(booking.blockId)}`;
  const vehicle = booking.plate ? `（${booking.plate}）` : '';
  const confirmation = kind === 'confirmation';
  return {
    key: bookingMessageKey(booking, kind),
    dealershipId: booking.dealershipId,
    customerId: booking.customerId,
    occasion: confirmation ? 'booking_confirmation' : 'booking_reminder',
    occasionDate: booking.day,
    templateKeys: [TEMPLATE_KEY],
    page: BOOKING_MESSAGE_PAGE,
    title: confirmation ? '保养预约成功' : '明日保养预约提醒',
    body: confirmation
      ? `您已预约${when}的${service}${vehicle}，到店时请出示预约页上的签到码。如需改约或取消，请在小程序“我的预约”中操作。`
      : `您预约了明天${when}的${service}${vehicle}，请准时到店，到店时出示签到码。`,
    keywords: {
      thing1: confirmation ? `${service}预约成功` : `明日${service}预约提醒`,
      date2: chineseDate(booking.day),
      thing3: `${blockLabel(booking.blockId)} ${booking.plate ?? ''}`.trim()
    },
    marketing: false
  };
}
