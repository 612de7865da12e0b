import type { StaffRole } from '@dealer/shared';
import type { StaffAuth } from '../../http/auth-context';
import { forbidden } from '../../lib/errors';

/** Bulk exports leave the building: managers, marketing and group admins only. */
export const CAN_EXPORT: readonly StaffRole[] = ['group_admin', 'manager', 'marketing'];
/** Moving customers between advisors. */
export const CAN_REASSIGN: readonly StaffRole[] = ['group_admin', 'manager'];

/** Only managers (and group admins) decide who looks after a customer. */
export function assertCanAssign(auth: StaffAuth): void {
  if (auth.role !== 'manager' && auth.role !== 'group_admin') {
    throw forbidden('仅经理可指定或调整服务顾问', 'ASSIGNMENT_FORBIDDEN');
  }
}
