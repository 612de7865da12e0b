import { Types, type FilterQuery } from 'mongoose';
import type { StaffAuth } from '../../http/auth-context';
import { notFound } from '../../lib/errors';
import { dealershipScope } from '../../http/dealership-scope';
import { Customer, type CustomerDoc } from './customer.model';

export type CustomerFilter = FilterQuery<CustomerDoc>;

export interface ScopeOptions {
  /** A group admin may narrow to one dealership; anyone else may only name their own. */
  dealershipId?: string | null;
}

/**
 * The one place that decides which customer archives a staff member may see:
 *  - advisor: their own dealership's customers assigned to them, as advisor or second contact;
 *  - manager, marketing: every customer of their own dealership;
 *  - group admin: every dealership (optionally one).
 * Every customer read and write starts from this filter.
 */
export function customerScope(auth: StaffAuth, opts: ScopeOptions = {}): CustomerFilter {
  const scoped = dealershipScope(auth, opts.dealershipId);
  if (!scoped) return {};
  const dealershipId = new Types.ObjectId(scoped);
  if (auth.role === 'advisor') {
    const me = new Types.ObjectId(auth.staffId);
    return { dealershipId, $or: [{ advisorId: me }, { secondContactId: me }] };
  }
  return { dealershipId };
}

/**
 * Loads one archive through the scope. Out of scope answers 404 CUSTOMER_NOT_FOUND, the same
 * as a missing id — also for an advisor asking for an unassigned customer of their own
 * dealership — so the answer never reveals that an archive exists.
 */
export async function loadCustomerFor(auth: StaffAuth, id: string | Types.ObjectId) {
  const customer = await Customer.findOne({
    ...customerScope(auth),
    _id: new Types.ObjectId(String(id))
  }).lean();
  if (!customer) throw notFound('客户档案', 'CUSTOMER_NOT_FOUND');
  return customer;
}

export type CustomerRecord = Awaited<ReturnType<typeof loadCustomerFor>>;
