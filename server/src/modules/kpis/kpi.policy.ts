import type { StaffRole } from '@dealer/shared';
import type { StaffAuth } from '../../http/auth-context';
import { badRequest } from '../../lib/errors';
import { actingDealership } from '../staff/staff.policy';

/** The KPI dashboard and its export: managers, marketing and group admins; advisors do not see store-wide figures. */
export const CAN_READ_KPIS: readonly StaffRole[] = ['group_admin', 'manager', 'marketing'];

/** The one dealership whose KPIs are read: the reader's own, or the one a group admin picks. */
export function kpiDealership(auth: StaffAuth, requested?: string): string {
  const dealershipId = actingDealership(auth, requested ?? null);
  if (!dealershipId) throw badRequest('DEALERSHIP_REQUIRED', '请选择门店（dealershipId）');
  return dealershipId;
}
