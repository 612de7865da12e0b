import { addDays } from '@dealer/shared/domain/dates';
import type { JobContext, JobDefinition } from '../../lib/jobs/define';
import { sendOneMessages } from '../care/engine/one-message';
import { Booking, type BookingRecord } from './booking.model';
import { bookingMessage } from './booking-messages';

const BATCH = 200;

/**
 * The day-before reminder for every booking still open (`booked`) tomorrow. Once-only per
 * booking and day by the message key, so a rerun or a second instance sends nothing twice;
 * a booking cancelled, rescheduled away or marked before the run is not reminded.
 */
export async function remindTomorrowsBookings(ctx: JobContext): Promise<void> {
  const day = addDays(ctx.date, 1);
  const cursor = Booking.find({ day, status: 'booked' }).lean<BookingRecord[]>().cursor({ batchSize: BATCH });
  let batch: BookingRecord[] = [];
  let done = 0;
  const flush = async () => {
    await sendOneMessages(
      batch.map((b) => bookingMessage(b, 'reminder')),
      ctx
    );
    ctx.progress({ done: (done += batch.length) });
    batch = [];
  };
  for await (const booking of cursor) {
    batch.push(booking as BookingRecord);
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length) await flush();
}

export const bookingJobs: JobDefinition[] = [
  {
    name: 'booking-reminders',
    // Inside the usual send window, early enough for the owner to reschedule.
    cron: '0 10 * * *',
    timezone: 'Asia/Shanghai',
    description: 'Remind owners of tomorrow’s maintenance bookings (once per booking and day)',
    run: remindTomorrowsBookings
  }
];
