import { Types, type FilterQuery } from 'mongoose';
import type { StaffAuth } from '../../http/auth-context';
import { badRequest, forbidden } from '../../lib/errors';
import type { TaskDoc } from './task.model';

/**
 * Which tasks a staff member works: an advisor their own; a manager or marketing their
 * dealership's (unassigned ones included); a group admin a dealership they name.
 */
export function taskScope(auth: StaffAuth, dealershipId?: string): FilterQuery<TaskDoc> {
  if (auth.role === 'group_admin') {
    if (!dealershipId) throw badRequest('DEALERSHIP_REQUIRED', '请指定门店');
    return { dealershipId: new Types.ObjectId(dealershipId) };
  }
  if (!auth.dealershipId) throw forbidden('账号未关联门店');
  if (dealershipId && dealershipId !== auth.dealershipId) throw forbidden('只能访问本店数据');
  const scope: FilterQuery<TaskDoc> = { dealershipId: new Types.ObjectId(auth.dealershipId) };
  if (auth.role === 'advisor') scope.advisorId = new Types.ObjectId(auth.staffId);
  return scope;
}
