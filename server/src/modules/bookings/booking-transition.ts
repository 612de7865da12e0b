import { clock } from '../../lib/clock';
import { isDuplicateKeyError } from '../../lib/errors';
import { Booking, BookingTransition, type BookingRecord } from './booking.model';
import { releaseClaims } from './booking-claims';

export interface BookingChange {
  /** What the history says happened: `rescheduled`, `cancelled`, `arrived`… */
  action: string;
  /** `owner:<id>` or `staff:<id>` or `import`. */
  by: string;
  set: Record<string, unknown>;
  releaseClaimIds: readonly (string | null | undefined)[];
}

interface TransitionRecord {
  _id: string;
  bookingId: unknown;
  set: Record<string, unknown>;
  releaseClaimIds: string[];
}

/**
 * Applies a state change once. The change claims `<bookingId>:<version + 1>` by unique
 * insert, so of two concurrent changes read from the same version only one wins (FerretDB's
 * conditional updates alone would let both through). The claim records the whole write
 * (history included), so applying it twice is harmless: a loser, or a later caller after a
 * crash half-way, finishes the winner's change. Returns false when another change won.
 */
export async function applyBookingChange(booking: BookingRecord, change: BookingChange): Promise<boolean> {
  const version = booking.version + 1;
  const now = clock.now();
  const history = [
    ...booking.history,
    {
      at: now,
      action: change.action,
      by: change.by,
      day: booking.day,
      blockId: booking.blockId,
      status: booking.status
    }
  ];
  const record: TransitionRecord = {
    _id: `${booking._id}:${version}`,
    bookingId: booking._id,
    set: { ...change.set, history, version, updatedAt: now },
    releaseClaimIds: change.releaseClaimIds.filter((id): id is string => Boolean(id))
  };
  try {
    await BookingTransition.create({ ...record, historyEntry: history[history.length - 1], at: now });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const existing = await BookingTransition.findById(record._id).lean<TransitionRecord>();
    if (!existing) throw err;
    await finishChange(existing, version);
    return false;
  }
  await finishChange(record, version);
  return true;
}

async function finishChange(record: TransitionRecord, version: number): Promise<void> {
  await Booking.updateOne({ _id: record.bookingId, version: version - 1 }, { $set: record.set });
  await releaseClaims(record.releaseClaimIds);
}
