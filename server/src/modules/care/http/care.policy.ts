import type { StaffRole } from '@dealer/shared';
import type { StaffAuth } from '../../../http/auth-context';
import { badRequest, forbidden } from '../../../lib/errors';

/** Care rules and templates: managers and marketing edit; advisors only work tasks. */
export const CAN_EDIT_CARE: readonly StaffRole[] = ['group_admin', 'manager', 'marketing'];
/** Preview and the dispatch log. */
export const CAN_READ_CARE: readonly StaffRole[] = ['group_admin', 'manager', 'marketing'];
/** Template ids come from the WeChat console: managers only. */
export const CAN_SET_TEMPLATES: readonly StaffRole[] = ['group_admin', 'manager'];

/** The dealership a care call acts on: one's own, or the one a group admin names. */
export function careDealership(auth: StaffAuth, requested?: string | null): string {
  if (auth.role === 'group_admin') {
    if (!requested) throw badRequest('DEALERSHIP_REQUIRED', '请指定门店');
    return requested;
  }
  if (!auth.dealershipId) throw forbidden('账号未关联门店');
  if (requested && requested !== auth.dealershipId) throw forbidden('只能访问本店数据');
  return auth.dealershipId;
}
