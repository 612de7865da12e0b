import type { Types } from 'mongoose';
import { clock } from '../../lib/clock';
import { isDuplicateKeyError } from '../../lib/errors';
import { op } from '../../lib/query';
import { BookingClaim } from './booking.model';
import { releaseOrphanClaims } from './booking-orphans';

/**
 * Seats and open-booking limits, each a numbered claim taken by unique `_id` insert: the
 * first free number wins, so however many requests race, no more than `max` claims of a key
 * exist. Numbers start at 1 each time so that released claims are reused.
 */

export const seatSlotKey = (blockId: string, serviceType: string) => `${blockId}:${serviceType}`;

export interface SeatWanted {
  dealershipId: Types.ObjectId;
  day: string;
  blockId: string;
  serviceType: string;
  capacity: number;
}

/**
 * When a block's seats were last swept and none could be an orphan: no sweep is worth its
 * read before this time (per block and type, this process). A busy block that fills up
 * then costs its losers no read beyond their inserts.
 */
const seatSweeps = new Map<string, number>();
const MAX_REMEMBERED_SWEEPS = 10_000;

function seatSweepDue(prefix: string): boolean {
  return clock.now().getTime() >= (seatSweeps.get(prefix) ?? 0);
}

function rememberSeatSweep(prefix: string, until: Date): void {
  if (seatSweeps.size >= MAX_REMEMBERED_SWEEPS) seatSweeps.clear();
  seatSweeps.set(prefix, until.getTime());
}

async function claimNumbered(
  prefix: string,
  max: number,
  fields: {
    kind: 'seat' | 'limit';
    bookingId: Types.ObjectId;
    dealershipId: Types.ObjectId;
    day: string;
    slotKey: string;
  },
  retry = true
): Promise<string | null> {
  for (let n = 1; n <= max; n++) {
    const _id = `${prefix}${n}`;
    try {
      // The driver, not mongoose: the fields are ours, and this runs n times per attempt.
      await BookingClaim.collection.insertOne({ _id, ...fields, at: clock.now() } as never);
      return _id;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
  }
  if (!retry) return null;
  const seat = fields.kind === 'seat';
  if (seat && !seatSweepDue(prefix)) return null;
  const numbered = Array.from({ length: max }, (_, i) => `${prefix}${i + 1}`);
  const freed = seat
    ? await sweepSeatsOnce(prefix, () =>
        releaseOrphanClaims(numbered, (until) => rememberSeatSweep(prefix, until))
      )
    : await releaseOrphanClaims(numbered);
  return freed ? claimNumbered(prefix, max, fields, false) : null;
}

/** Requests that find a block full at the same moment share one sweep of its seats. */
const seatSweepsUnderWay = new Map<string, Promise<boolean>>();

function sweepSeatsOnce(prefix: string, sweep: () => Promise<boolean>): Promise<boolean> {
  const running = seatSweepsUnderWay.get(prefix);
  if (running) return running;
  const started = sweep().finally(() => seatSweepsUnderWay.delete(prefix));
  seatSweepsUnderWay.set(prefix, started);
  return started;
}

/**
 * One seat of the block for the type, or null when every seat is taken. The count after
 * winning keeps a block full after a manager lowers its capacity while higher-numbered seats
 * are still held (the numbered claims alone would hand out the freed low numbers): a winner
 * that finds more seats held than the capacity gives its seat back. Counting after the
 * inserts, not before, means a request for a full block pays its failed inserts only.
 */
export async function claimSeat(seat: SeatWanted, bookingId: Types.ObjectId): Promise<string | null> {
  const slotKey = seatSlotKey(seat.blockId, seat.serviceType);
  const prefix = `seat:${seat.dealershipId}:${seat.day}:${seat.blockId}:${seat.serviceType}:`;
  const won = await claimNumbered(prefix, seat.capacity, {
    kind: 'seat',
    bookingId,
    dealershipId: seat.dealershipId,
    day: seat.day,
    slotKey
  });
  if (!won) return null;
  const held = await BookingClaim.find(
    { dealershipId: seat.dealershipId, day: seat.day, kind: 'seat', slotKey },
    { _id: 1 }
  ).lean();
  if (held.length <= seat.capacity) return won;
  await releaseClaims([won]);
  return null;
}

export interface LimitWanted {
  dealershipId: Types.ObjectId;
  vehicleId: Types.ObjectId;
  customerId: Types.ObjectId;
  maxOpenPerVehicle: number;
  maxOpenPerOwner: number;
}

export type LimitOutcome = { ok: true; claimIds: string[] } | { ok: false; limit: 'vehicle' | 'owner' };

/**
 * The vehicle's and the owner's open-booking slots. The owner is their archive at the
 * dealership (the customer), so bookings made by the owner and by staff for them count alike.
 */
export async function claimOpenLimits(want: LimitWanted, bookingId: Types.ObjectId): Promise<LimitOutcome> {
  const base = { kind: 'limit' as const, bookingId, dealershipId: want.dealershipId, day: '', slotKey: '' };
  const vehicleClaim = await claimNumbered(`vehicle:${want.vehicleId}:slot`, want.maxOpenPerVehicle, base);
  if (!vehicleClaim) return { ok: false, limit: 'vehicle' };
  const ownerClaim = await claimNumbered(
    `owner:${want.customerId}:${want.dealershipId}:slot`,
    want.maxOpenPerOwner,
    base
  );
  if (!ownerClaim) {
    await releaseClaims([vehicleClaim]);
    return { ok: false, limit: 'owner' };
  }
  return { ok: true, claimIds: [vehicleClaim, ownerClaim] };
}

export async function releaseClaims(ids: readonly (string | null | undefined)[]): Promise<void> {
  const present = ids.filter((id): id is string => Boolean(id));
  if (present.length > 0) await BookingClaim.deleteMany({ _id: op.in(present) });
}

/** Taken seats per `<day>|<block>:<type>` over some days. */
export async function takenSeats(
  dealershipId: Types.ObjectId,
  days: readonly string[]
): Promise<Map<string, number>> {
  const claims = await BookingClaim.find(
    { dealershipId, day: op.in(days), kind: 'seat' },
    { day: 1, slotKey: 1 }
  ).lean();
  const taken = new Map<string, number>();
  for (const c of claims) taken.set(`${c.day}|${c.slotKey}`, (taken.get(`${c.day}|${c.slotKey}`) ?? 0) + 1);
  return taken;
}
