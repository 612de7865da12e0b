import { Types, type FilterQuery } from 'mongoose';
import type { StaffAuth } from '../../http/auth-context';
import { oneDealership } from '../../http/dealership-scope';
import { notFound } from '../../lib/errors';
import { DueEvent, type DueEventDoc, type DueEventRecord } from '../due/due-event.model';

/**
 * The one filter of due events a staff member works (out of scope is 404):
 *  - advisor: their own dealership's events of customers assigned to them (`advisorId`, copied
 *    from the customer by the due refresh);
 *  - manager, marketing: their dealership's, optionally one advisor's;
 *  - group admin: the dealership they name.
 */
export function dueEventScope(
  auth: StaffAuth,
  opts: { dealershipId?: string; advisorId?: string } = {}
): FilterQuery<DueEventDoc> {
  const dealershipId = new Types.ObjectId(oneDealership(auth, opts.dealershipId));
  if (auth.role === 'advisor') return { dealershipId, advisorId: new Types.ObjectId(auth.staffId) };
  return opts.advisorId ? { dealershipId, advisorId: new Types.ObjectId(opts.advisorId) } : { dealershipId };
}

/** One due event through the scope: another dealership's, or another advisor's, is 404. */
export async function loadDueEventFor(auth: StaffAuth, dueEventId: string): Promise<DueEventRecord> {
  // A group admin acts on any dealership's event (the id names it).
  const scope = auth.role === 'group_admin' ? {} : dueEventScope(auth);
  const event = await DueEvent.findOne({ ...scope, _id: dueEventId }).lean<DueEventRecord>();
  if (!event) throw notFound('到期事项', 'DUE_EVENT_NOT_FOUND');
  return event;
}
