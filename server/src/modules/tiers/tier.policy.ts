import type { StaffRole } from '@dealer/shared';
import type { StaffAuth } from '../../http/auth-context';
import { badRequest } from '../../lib/errors';
import { actingDealership } from '../staff/staff.policy';

/** Changing how customers are tiered, recomputing, overriding one customer's tier. */
export const CAN_MANAGE_TIERS: readonly StaffRole[] = ['group_admin', 'manager'];
/** Reading settings, runs and the distribution (marketing builds audiences from tiers). */
export const CAN_READ_TIERS: readonly StaffRole[] = ['group_admin', 'manager', 'marketing'];

/** The dealership a tier request is about: the caller's own, or the one a group admin names. */
export function tierDealership(auth: StaffAuth, requested?: string | null): string {
  const id = actingDealership(auth, requested);
  if (!id) throw badRequest('DEALERSHIP_REQUIRED', '请指定门店');
  return id;
}
