import type { StaffRole } from '@dealer/shared';
import type { StaffAuth } from '../../http/auth-context';
import { badRequest } from '../../lib/errors';
import { actingDealership } from '../staff/staff.policy';

/** Segments are audiences: managers and marketing build them (advisors use the list filters). */
export const CAN_USE_SEGMENTS: readonly StaffRole[] = ['group_admin', 'manager', 'marketing'];

/** The dealership a segment request is about: the caller's own, or the one a group admin names. */
export function segmentDealership(auth: StaffAuth, requested?: string | null): string {
  const id = actingDealership(auth, requested);
  if (!id) throw badRequest('DEALERSHIP_REQUIRED', '请指定门店');
  return id;
}
