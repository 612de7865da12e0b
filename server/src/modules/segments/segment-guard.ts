import mongoose, { Schema, Types } from 'mongoose';
import { clock } from '../../lib/clock';
import { op } from '../../lib/query';
import { conflict, isDuplicateKeyError, unprocessable } from '../../lib/errors';
import { CareRule } from '../care/care-rule.model';
import { Segment } from './segment.model';

/**
 * A segment in use cannot be deleted, and a rule cannot start using a segment being deleted.
 * Checking "is it used?" and "does it exist?" and then writing races (FerretDB updates are
 * not atomic either), so both sides first insert a claim and then look for the other's:
 *
 * - a rule about to use segment S inserts `ref:S:<rule>`, then looks for `delete:S`;
 * - a deletion of S inserts `delete:S`, then looks for `ref:S:*` (and rules naming S).
 *
 * Each writes before it reads, so of two that overlap at least one sees the other and gives
 * way with a 409. A claim left by a stopped process expires after CLAIM_STALE_MS.
 */
const segmentClaimSchema = new Schema(
  {
    _id: { type: String, required: true },
    segmentId: { type: Schema.Types.ObjectId, required: true },
    /** The rule that uses the segment; null for a deletion. */
    ruleId: { type: Schema.Types.ObjectId, default: null },
    at: { type: Date, required: true }
  },
  { versionKey: false, collection: 'segment_claims' }
);
// A deletion looks up the references of its segment.
segmentClaimSchema.index({ segmentId: 1 });
export const SegmentClaim = mongoose.model('SegmentClaim', segmentClaimSchema);

const CLAIM_STALE_MS = 60_000;
const refId = (segmentId: Types.ObjectId, ruleId: Types.ObjectId) =>
  `ref:${String(segmentId)}:${String(ruleId)}`;
const deletionId = (segmentId: Types.ObjectId) => `delete:${String(segmentId)}`;
const isStale = (claim: { at: Date }) => clock.now().getTime() - claim.at.getTime() > CLAIM_STALE_MS;

async function insertClaim(
  _id: string,
  segmentId: Types.ObjectId,
  ruleId: Types.ObjectId | null
): Promise<boolean> {
  try {
    await SegmentClaim.create({ _id, segmentId, ruleId, at: clock.now() });
    return true;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}

const beingDeleted = () => conflict('SEGMENT_BEING_DELETED', '该客户分群正在被删除，不能用于关怀规则');

/**
 * Records that `ruleId` is about to use the segment: call before writing the rule, and
 * `releaseSegment` if the write does not happen. 409 while the segment is being deleted,
 * 422 when it does not exist (in this dealership).
 */
export async function claimSegmentUse(
  dealershipId: Types.ObjectId,
  segmentId: Types.ObjectId,
  ruleId: Types.ObjectId
): Promise<void> {
  const inserted = await insertClaim(refId(segmentId, ruleId), segmentId, ruleId);
  const giveUp = async (error: Error) => {
    if (inserted) await releaseSegment(segmentId, ruleId);
    throw error;
  };
  const deletion = await SegmentClaim.findById(deletionId(segmentId)).lean();
  if (deletion && !isStale(deletion)) await giveUp(beingDeleted());
  if (!(await Segment.exists({ _id: segmentId, dealershipId })))
    await giveUp(unprocessable('SEGMENT_NOT_FOUND', '所选客户分群不存在'));
}

/** The rule no longer uses the segment (changed to another, or deleted). */
export async function releaseSegment(segmentId: Types.ObjectId, ruleId: Types.ObjectId): Promise<void> {
  await SegmentClaim.deleteOne({ _id: refId(segmentId, ruleId) });
}

/** Rules that use the segment, or are about to: references whose rule names it, and fresh ones. */
async function usersOf(segment: { _id: Types.ObjectId; dealershipId: Types.ObjectId }): Promise<string[]> {
  const naming = await CareRule.find(
    { dealershipId: segment.dealershipId, 'audience.segmentId': segment._id, deleted: op.ne(true) },
    { _id: 1 }
  ).lean();
  const users = new Set(naming.map((r) => String(r._id)));
  for (const ref of await SegmentClaim.find({ segmentId: segment._id, ruleId: op.ne(null) }).lean()) {
    if (users.has(String(ref.ruleId))) continue;
    // A rule write under way (not yet visible), or one that never happened.
    if (isStale(ref)) await SegmentClaim.deleteOne({ _id: ref._id, at: ref.at });
    else users.add(String(ref.ruleId));
  }
  return [...users];
}

/** Deletes the segment unless a rule uses it or is about to (409 either way). */
export async function deleteUnusedSegment(segment: {
  _id: Types.ObjectId;
  dealershipId: Types.ObjectId;
}): Promise<void> {
  const claimId = deletionId(segment._id);
  if (!(await insertClaim(claimId, segment._id, null))) {
    const other = await SegmentClaim.findById(claimId).lean();
    if (other && !isStale(other)) throw conflict('SEGMENT_BEING_DELETED', '该客户分群正在被删除');
  }
  try {
    const users = await usersOf(segment);
    if (users.length > 0)
      throw conflict('SEGMENT_IN_USE', '该分群正被关怀规则使用，请先修改规则', { rules: users });
    await Segment.deleteOne({ _id: segment._id });
  } finally {
    await SegmentClaim.deleteOne({ _id: claimId });
  }
}
