import { Types, type FilterQuery } from 'mongoose';
import type { StaffAuth } from '../../http/auth-context';
import { dealershipScope } from '../../http/dealership-scope';
import { Customer } from '../customers/customer.model';

/**
 * Which aftercare records a caller reaches (out of scope is 404, like a missing id):
 *  - advisor: callbacks of their customers; complaints of their customers or assigned to them;
 *  - manager, marketing: their dealership's; group admin: the dealership they name, or all;
 *  - owner: the records of the archives bound to them.
 */
export function callbackScope(auth: StaffAuth, dealershipId?: string | null): FilterQuery<unknown> {
  const scoped = dealershipScope(auth, dealershipId);
  const scope: Record<string, unknown> = scoped ? { dealershipId: new Types.ObjectId(scoped) } : {};
  if (auth.role === 'advisor') scope.advisorId = new Types.ObjectId(auth.staffId);
  return scope;
}

export function complaintScope(auth: StaffAuth, dealershipId?: string | null): FilterQuery<unknown> {
  const scoped = dealershipScope(auth, dealershipId);
  const scope: Record<string, unknown> = scoped ? { dealershipId: new Types.ObjectId(scoped) } : {};
  if (auth.role === 'advisor') {
    const me = new Types.ObjectId(auth.staffId);
    scope.$or = [{ advisorId: me }, { assigneeId: me }];
  }
  return scope;
}

/** The archives bound to an owner (their surveys and complaints). */
export async function ownerCustomers(ownerId: string) {
  return Customer.find(
    { ownerId: new Types.ObjectId(ownerId) },
    { dealershipId: 1, name: 1, mobile: 1, tier: 1, advisorId: 1, ownerId: 1 }
  ).lean();
}
