import type { Types } from 'mongoose';
import { clock } from '../../lib/clock';
import { isDuplicateKeyError } from '../../lib/errors';
import { Customer } from './customer.model';

/**
 * The owner's side of an archive: the writes binding, unbinding and the owner's own profile
 * make to customers, kept here so that only this module writes its collection.
 */

/** The archive with this mobile at the dealership, or a new prospect archive (a concurrent create loses on the unique mobile key). */
export async function findOrCreateArchiveByMobile(
  dealershipId: Types.ObjectId,
  mobile: string,
  advisorId: Types.ObjectId | null,
  /** Where a new prospect came from: a binding QR code, or a lottery campaign's event QR code. */
  source: 'wechat_binding' | 'lottery_event' = 'wechat_binding'
) {
  const existing = await Customer.findOne({ dealershipId, mobileKey: mobile }).lean();
  if (existing) return { customer: existing, matched: true, created: false };
  const now = clock.now();
  try {
    const created = await Customer.create({
      dealershipId,
      name: `微信车主${mobile.slice(-4)}`,
      mobile,
      mobileKey: mobile,
      source,
      isProspect: true,
      advisorId,
      referrerAdvisorId: advisorId,
      createdAt: now,
      updatedAt: now
    });
    return { customer: created.toObject(), matched: false, created: true };
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const raced = await Customer.findOne({ dealershipId, mobileKey: mobile }).lean();
    return { customer: raced!, matched: true, created: false };
  }
}

/**
 * Marks the archive as bound to the owner. The scanned advisor becomes its advisor and
 * referrer only where none is set, decided by the database at write time (the archive the
 * caller read may be stale: a manager may have assigned an advisor since); never a write of
 * the whole archive. The usual case (a new archive: neither set) is one conditional write.
 */
export async function linkArchiveToOwner(
  customer: { _id: Types.ObjectId },
  ownerId: Types.ObjectId,
  boundAt: Date,
  advisorId: Types.ObjectId | null
): Promise<void> {
  const link = { ownerId, boundAt, updatedAt: clock.now() };
  const customerId = customer._id;
  if (advisorId) {
    const both = await Customer.updateOne(
      { _id: customerId, advisorId: null, referrerAdvisorId: null },
      { $set: { ...link, advisorId, referrerAdvisorId: advisorId } }
    );
    if (both.matchedCount === 1) return;
  }
  await Customer.updateOne({ _id: customerId }, { $set: link });
  if (!advisorId) return;
  await Customer.updateOne({ _id: customerId, advisorId: null }, { $set: { advisorId } });
  await Customer.updateOne(
    { _id: customerId, referrerAdvisorId: null },
    { $set: { referrerAdvisorId: advisorId } }
  );
}

/** Unlinks the archive from the owner (only if it is still theirs); the archive stays. */
export async function unlinkArchiveFromOwner(
  customerId: Types.ObjectId,
  ownerId: Types.ObjectId
): Promise<void> {
  await Customer.updateOne(
    { _id: customerId, ownerId },
    { $set: { ownerId: null, boundAt: null, updatedAt: clock.now() } }
  );
}

/** The owner's own details, written onto every archive they are bound to. */
export async function applyOwnerProfile(
  ownerId: Types.ObjectId,
  set: Record<string, unknown>
): Promise<void> {
  await Customer.updateMany({ ownerId }, { $set: set });
}
