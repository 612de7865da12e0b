import type { Types } from 'mongoose';
import { op } from '../../../lib/query';
import { Customer } from '../../customers/customer.model';
import { Owner } from '../../owners/owner.model';

/** Who a one-off message goes to, as its caller may already know it. */
export interface KnownRecipient {
  name: string;
  ownerId: Types.ObjectId | null;
  advisorId: Types.ObjectId | null;
}

export interface Recipient extends KnownRecipient {
  marketingConsent: boolean;
}

interface Addressed {
  customerId: Types.ObjectId;
  marketing: boolean;
  recipient?: KnownRecipient;
}

/**
 * The recipient of each message by customer id: the archive, read here unless the caller
 * gave it and no marketing consent is asked. A customer that is gone has no entry.
 */
export async function recipientsOf(messages: readonly Addressed[]): Promise<Map<string, Recipient>> {
  const known = new Map<string, Recipient>();
  for (const m of messages)
    if (m.recipient && !m.marketing)
      known.set(String(m.customerId), { ...m.recipient, marketingConsent: false });
  const toRead = messages.filter((m) => !known.has(String(m.customerId))).map((m) => m.customerId);
  const customers = toRead.length
    ? await Customer.find({ _id: op.in(toRead) }, { name: 1, ownerId: 1, advisorId: 1, consent: 1 })
        .batchSize(toRead.length)
        .lean()
    : [];
  for (const c of customers)
    known.set(String(c._id), {
      name: c.name,
      ownerId: c.ownerId ?? null,
      advisorId: c.advisorId ?? null,
      marketingConsent: c.consent?.marketing === true
    });
  return known;
}

/** The openids of bound owners (what a WeChat send goes to), by owner id. */
export async function openidsOf(ownerIds: readonly Types.ObjectId[]): Promise<Map<string, string | null>> {
  const owners = ownerIds.length
    ? await Owner.find({ _id: op.in(ownerIds) }, { openid: 1 })
        .batchSize(ownerIds.length)
        .lean()
    : [];
  return new Map(owners.map((o) => [String(o._id), o.openid ?? null]));
}
