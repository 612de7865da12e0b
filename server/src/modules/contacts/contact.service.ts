import { Types } from 'mongoose';
import type { z } from 'zod';
import type { createContactRequest } from '@dealer/shared';
import type { StaffAuth } from '../../http/auth-context';
import { clock } from '../../lib/clock';
import { loadCustomerFor } from '../customers/customer.scope';
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

/** Logs a call, visit or message against an archive the staff member may see. */
export async function logContact(auth: StaffAuth, customerId: string, input: z.infer<typeof createContactRequest>) {
  const customer = await loadCustomerFor(auth, customerId);
  const doc = await Contact.create({
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
