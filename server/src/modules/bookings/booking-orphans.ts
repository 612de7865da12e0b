import { clock } from '../../lib/clock';
import { op } from '../../lib/query';
import { Booking, BookingClaim, BookingTransition } from './booking.model';

/** Longer than any booking request takes between claiming and writing the booking. */
const ORPHAN_AFTER_MS = 120_000;

/** A claim taken at `at` is old enough to be an orphan. */
export const mayBeOrphan = (at: Date): boolean => clock.now().getTime() - at.getTime() >= ORPHAN_AFTER_MS;

/**
 * Frees claims that nothing holds any more: a request that stopped (process crash) between
 * claiming a seat or limit slot and writing its booking, or after a cancel was written but
 * before its claims were deleted. A claim is an orphan when it is older than a request can
 * take and its booking is absent or no longer points at it — unless the booking has a change
 * claimed but not yet applied (the next caller finishes that change, see booking-transition).
 * Called only when every numbered claim is taken, so the normal path pays nothing.
 * Returns whether any claim was freed.
 */
export async function releaseOrphanClaims(
  claimIds: readonly string[],
  /** Told the earliest time any of these numbers can hold an orphan, when none does now. */
  noOrphansUntil?: (until: Date) => void
): Promise<boolean> {
  if (claimIds.length === 0) return false;
  const claims = await BookingClaim.find({ _id: op.in(claimIds) }, { bookingId: 1, at: 1 }).lean();
  const stale = claims.filter((c) => mayBeOrphan(c.at));
  if (stale.length === 0) {
    // A claim taken from now on is younger than these, so none is an orphan before this.
    const earliest = Math.min(clock.now().getTime(), ...claims.map((c) => c.at.getTime()));
    noOrphansUntil?.(new Date(earliest + ORPHAN_AFTER_MS));
    return false;
  }
  const holders = await Booking.find(
    { _id: op.in(stale.map((c) => c.bookingId)) },
    { seatClaimId: 1, limitClaimIds: 1, version: 1 }
  ).lean();
  const byId = new Map(holders.map((b) => [String(b._id), b]));
  const orphans: string[] = [];
  for (const claim of stale) {
    const booking = byId.get(String(claim.bookingId));
    if (booking && (booking.seatClaimId === claim._id || booking.limitClaimIds.includes(claim._id))) continue;
    if (booking && (await BookingTransition.exists({ _id: `${booking._id}:${booking.version + 1}` })))
      continue;
    orphans.push(claim._id);
  }
  if (orphans.length > 0) await BookingClaim.deleteMany({ _id: op.in(orphans) });
  return orphans.length > 0;
}
