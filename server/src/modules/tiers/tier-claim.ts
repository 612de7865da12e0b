import mongoose, { Schema, type Types } from 'mongoose';
import { clock } from '../../lib/clock';
import { isDuplicateKeyError } from '../../lib/errors';
import { TierRun } from './tier.model';

/**
 * Who may run a dealership's tiers now, guarded only by unique-index inserts (atomic on
 * MongoDB and FerretDB alike; FerretDB's updates are not):
 *  - a lease `tiers-lease:<dealershipId>` held for the run, so two runs of one dealership
 *    (another day's, or a rerun by hand) never write the same customers at once;
 *  - the run record itself, `_id` = `tiers:<dealershipId>:<asOf>` for the day's first run:
 *    the nightly job on two instances inserts the same id and only one succeeds.
 * A lease not renewed for LEASE_STALE_MS belongs to a process that died: it is taken over
 * and that run is marked failed.
 */

const LEASE_STALE_MS = 15 * 60_000;
export const LEASE_RENEW_MS = 60_000;

const tierLeaseSchema = new Schema(
  {
    _id: { type: String, required: true },
    runId: { type: String, required: true },
    renewedAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'tier_leases' }
);
export const TierLease = mongoose.model('TierLease', tierLeaseSchema);

export type Trigger = 'nightly' | 'manual';

export interface ClaimedRun {
  runId: string;
  dealershipId: Types.ObjectId;
  asOf: string;
  seq: number;
  trigger: Trigger;
  leaseId: string;
}

export type ClaimOutcome = { claimed: ClaimedRun } | { busy: 'running' | 'done'; runId: string | null };

const leaseIdOf = (dealershipId: Types.ObjectId) => `tiers-lease:${dealershipId.toHexString()}`;
export const runIdOf = (dealershipId: Types.ObjectId, asOf: string, seq: number) =>
  seq === 1
    ? `tiers:${dealershipId.toHexString()}:${asOf}`
    : `tiers:${dealershipId.toHexString()}:${asOf}:${seq}`;

async function insertOnce(create: () => Promise<unknown>): Promise<boolean> {
  try {
    await create();
    return true;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}

/** Takes the dealership's lease for `runId`; null with the holder's run id when it is held. */
async function takeLease(leaseId: string, runId: string): Promise<{ holder: string } | null> {
  const create = () => TierLease.create({ _id: leaseId, runId, renewedAt: clock.now() });
  if (await insertOnce(create)) return null;
  const held = await TierLease.findById(leaseId).lean();
  if (held && clock.now().getTime() - held.renewedAt.getTime() < LEASE_STALE_MS)
    return { holder: held.runId };
  // A dead holder: delete its lease (only if still its own) and race for it by insert again.
  if (held) {
    await TierLease.deleteOne({ _id: leaseId, runId: held.runId, renewedAt: held.renewedAt });
    await TierRun.updateOne(
      { _id: held.runId, status: 'running' },
      { $set: { status: 'failed', error: '运行中断（进程退出）', finishedAt: clock.now() } }
    );
  }
  return (await insertOnce(create)) ? null : { holder: held?.runId ?? '' };
}

export async function renewLease(claim: ClaimedRun): Promise<void> {
  await TierLease.updateOne({ _id: claim.leaseId, runId: claim.runId }, { $set: { renewedAt: clock.now() } });
}

export async function releaseLease(claim: ClaimedRun): Promise<void> {
  await TierLease.deleteOne({ _id: claim.leaseId, runId: claim.runId });
}

/**
 * Claims a run. Nightly: only the day's first run (seq 1); if it exists the day is done.
 * Manual: the next seq for that day, so a manager can rerun after changing settings.
 */
export async function claimTierRun(
  dealershipId: Types.ObjectId,
  asOf: string,
  trigger: Trigger,
  startedBy: string | null
): Promise<ClaimOutcome> {
  const firstId = runIdOf(dealershipId, asOf, 1);
  if (trigger === 'nightly' && (await TierRun.exists({ _id: firstId })))
    return { busy: 'done', runId: firstId };
  const leaseId = leaseIdOf(dealershipId);
  // The lease is taken under a provisional id and pointed at the run once its seq is known.
  const held = await takeLease(leaseId, firstId);
  if (held) return { busy: 'running', runId: held.holder || null };
  let seq = 1;
  if (trigger === 'manual') {
    const last = await TierRun.findOne({ dealershipId, asOf }, { seq: 1 }).sort({ seq: -1 }).lean();
    seq = (last?.seq ?? 0) + 1;
  }
  const runId = runIdOf(dealershipId, asOf, seq);
  if (runId !== firstId) await TierLease.updateOne({ _id: leaseId, runId: firstId }, { $set: { runId } });
  const inserted = await insertOnce(() =>
    TierRun.create({
      _id: runId,
      dealershipId,
      asOf,
      seq,
      trigger,
      status: 'running',
      startedAt: clock.now(),
      startedBy
    })
  );
  if (!inserted) {
    await TierLease.deleteOne({ _id: leaseId, runId });
    return { busy: 'done', runId };
  }
  return { claimed: { runId, dealershipId, asOf, seq, trigger, leaseId } };
}
