import { Types, type FilterQuery } from 'mongoose';
import type { StaffAuth } from '../../http/auth-context';
import { oneDealership } from '../../http/dealership-scope';
import type { TaskDoc } from './task.model';

/**
 * Which tasks a staff member works: an advisor their own; a manager or marketing their
 * dealership's (unassigned ones included); a group admin a dealership they name.
 */
export function taskScope(auth: StaffAuth, dealershipId?: string): FilterQuery<TaskDoc> {
  const scope: FilterQuery<TaskDoc> = { dealershipId: new Types.ObjectId(oneDealership(auth, dealershipId)) };
  if (auth.role === 'advisor') scope.advisorId = new Types.ObjectId(auth.staffId);
  return scope;
}
