import { Types } from 'mongoose';
import type { z } from 'zod';
import type { createContactRequest } from '@dealer/shared';
import type { StaffAuth } from '../../http/auth-context';
import { clock } from '../../lib/clock';
import { Contact, type ContactDoc } from './contact.model';

export function presentContact(c: ContactDoc & { _id: Types.ObjectId }) {
  return {
    id: String(c._id),
    channel: c.channel as 'phone' | 'visit' | 'wechat' | 'sms',
    purpose: c.purpose ?? 'other',
    outcome: c.outcome,
    note: c.note ?? '',
    staff: { id: String(c.staffId), name: c.staffName },
    at: c.at.toISOString()
  };
}

/**
 * Logs a call, visit or message against an archive (the caller has checked the staff member
 * may see it). `id` makes the log once-only (a duplicate-key error when it exists), e.g. the
 * contact that closes a task.
 */
export async function logContact(
  auth: StaffAuth,
  customer: { _id: Types.ObjectId; dealershipId: Types.ObjectId },
  input: z.infer<typeof createContactRequest>,
  id?: Types.ObjectId
) {
  const doc = await Contact.create({
    ...(id ? { _id: id } : {}),
    dealershipId: customer.dealershipId,
    customerId: customer._id,
    staffId: new Types.ObjectId(auth.staffId),
    staffName: auth.name,
    channel: input.channel,
    purpose: input.purpose ?? 'other',
    outcome: input.outcome,
    note: input.note ?? '',
    at: clock.now()
  });
  return presentContact(doc.toObject());
}

/** The archive's contact log, newest first. */
export async function recentContacts(customerId: Types.ObjectId, limit: number) {
  const rows = await Contact.find({ customerId }).sort({ at: -1, _id: -1 }).limit(limit).lean();
  return rows.map(presentContact);
}
