import { roleCan } from '@dealer/shared';
import type { StaffAuth } from '../../http/auth-context';
import { forbidden } from '../../lib/errors';

/** Only managers (and group admins) decide who looks after a customer. */
export function assertCanAssign(auth: StaffAuth): void {
  if (!roleCan(auth.role, 'customers.assign')) {
    throw forbidden('仅经理可指定或调整服务顾问', 'ASSIGNMENT_FORBIDDEN');
  }
}
