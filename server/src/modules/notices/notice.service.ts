import { Types } from 'mongoose';
import { clock } from '../../lib/clock';
import { isDuplicateKeyError, notFound } from '../../lib/errors';
import { insertManyUnique } from '../../lib/jobs/unique-insert';
import { Notice, type NoticeDoc } from './notice.model';

export interface NewNotice {
  ownerId: Types.ObjectId | string;
  dealershipId: Types.ObjectId | string;
  customerId?: Types.ObjectId | string | null;
  kind: string;
  title: string;
  body: string;
  /** A mini-program page the notice leads to (`/pages/owner/booking/index?vehicleId=…`). */
  page?: string | null;
  /** Same key, same notice: retries and concurrent senders deliver it once. */
  dedupeKey: string;
}

const oid = (id: Types.ObjectId | string) => new Types.ObjectId(String(id));

/** The stored form of a new, unread notice. */
function noticeDoc(input: NewNotice, createdAt: Date) {
  return {
    ownerId: oid(input.ownerId),
    dealershipId: oid(input.dealershipId),
    customerId: input.customerId ? oid(input.customerId) : null,
    kind: input.kind,
    title: input.title,
    body: input.body,
    page: input.page ?? null,
    dedupeKey: input.dedupeKey,
    createdAt,
    readAt: null
  };
}

/** Puts a notice in the owner's inbox; false when this dedupeKey was already delivered. */
export async function notifyOwner(input: NewNotice): Promise<boolean> {
  try {
    await Notice.create(noticeDoc(input, clock.now()));
    return true;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}

function presentNotice(n: NoticeDoc & { _id: Types.ObjectId }) {
  return {
    id: String(n._id),
    kind: n.kind,
    title: n.title,
    body: n.body,
    page: n.page ?? null,
    dealershipId: String(n.dealershipId),
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt ? n.readAt.toISOString() : null
  };
}

/** The caller's own inbox, newest first, with the unread count for the badge. */
export async function listNotices(ownerId: string, page: number, pageSize: number) {
  const mine = { ownerId: oid(ownerId) };
  const [rows, total, unread] = await Promise.all([
    Notice.find(mine)
      .sort({ createdAt: -1, _id: -1 })
      .skip((page - 1) * pageSize)
      .limit(pageSize)
      .lean(),
    Notice.countDocuments(mine),
    Notice.countDocuments({ ...mine, readAt: null })
  ]);
  return { items: rows.map(presentNotice), total, page, pageSize, unread };
}

/** Marks one of the caller's notices read (idempotent); another owner's notice is 404. */
export async function markNoticeRead(ownerId: string, noticeId: string) {
  const filter = { _id: oid(noticeId), ownerId: oid(ownerId) };
  const notice = await Notice.findOne(filter).lean();
  if (!notice) throw notFound('消息', 'NOTICE_NOT_FOUND');
  if (!notice.readAt) await Notice.updateOne({ ...filter, readAt: null }, { $set: { readAt: clock.now() } });
  const updated = await Notice.findOne(filter).lean();
  return presentNotice(updated ?? notice);
}

/**
 * Many notices at once (the care job's batches); each dedupeKey is delivered once, as with
 * notifyOwner. Returns how many were new.
 */
export async function notifyOwnersMany(inputs: readonly NewNotice[]): Promise<number> {
  const now = clock.now();
  const inserted = await insertManyUnique(
    Notice,
    inputs.map((input) => ({ _id: new Types.ObjectId(), ...noticeDoc(input, now) }))
  );
  return inserted.filter(Boolean).length;
}
