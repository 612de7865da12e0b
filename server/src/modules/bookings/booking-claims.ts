import type { Types } from 'mongoose';
import { clock } from '../../lib/clock';
import { isDuplicateKeyError } from '../../lib/errors';
import { op } from '../../lib/query';
import { BookingClaim } from './booking.model';
import { mayBeOrphan, releaseOrphanClaims } from './booking-orphans';

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
  /** Whether some taken number may be an orphan worth a sweep (default: ask the database). */
  mayHoldOrphans: () => boolean = () => true,
  /** Numbers known to be taken (just read): not tried. */
  taken: ReadonlySet<string> = new Set(),
  retry = true
): Promise<string | null> {
  for (let n = 1; n <= max; n++) {
    const _id = `${prefix}${n}`;
    if (taken.has(_id)) continue;
    try {
      // The driver, not mongoose: the fields are ours, and this runs n times per attempt.
      await BookingClaim.collection.insertOne({ _id, ...fields, at: clock.now() } as never);
      return _id;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
  }
  const numbered = Array.from({ length: max }, (_, i) => `${prefix}${i + 1}`);
  if (retry && mayHoldOrphans() && (await releaseOrphanClaims(numbered)))
    return claimNumbered(prefix, max, fields, mayHoldOrphans, new Set(), false);
  return null;
}

/**
 * One seat of the block for the type, or null when every seat is taken. The count first
 * keeps a block full after a manager lowers its capacity while higher-numbered seats are
 * still held (the numbered claims alone would hand out the freed low numbers).
 */
export async function claimSeat(seat: SeatWanted, bookingId: Types.ObjectId): Promise<string | null> {
  const slotKey = seatSlotKey(seat.blockId, seat.serviceType);
  const held = await BookingClaim.find(
    { dealershipId: seat.dealershipId, day: seat.day, kind: 'seat', slotKey },
    { _id: 1, at: 1 }
  ).lean();
  // Claims taken after this read are younger than any orphan, so only these can be orphans:
  // when none is old enough, a lost race for the last seat needs no orphan sweep.
  const maybeOrphans = held.some((c) => mayBeOrphan(c.at));
  if (held.length >= seat.capacity) {
    if (!maybeOrphans || !(await releaseOrphanClaims(held.map((c) => c._id)))) return null;
    return claimSeat(seat, bookingId);
  }
  const prefix = `seat:${seat.dealershipId}:${seat.day}:${seat.blockId}:${seat.serviceType}:`;
  // Numbers seen taken are not tried: when many requests race for a block, the later ones
  // skip the seats already won instead of colliding on each (a seat freed since the read
  // goes to the next request).
  return claimNumbered(
    prefix,
    seat.capacity,
    { kind: 'seat', bookingId, dealershipId: seat.dealershipId, day: seat.day, slotKey },
    () => maybeOrphans,
    new Set(held.map((c) => c._id))
  );
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
