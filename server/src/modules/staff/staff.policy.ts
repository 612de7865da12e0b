import { roleCan, type StaffRole } from '@dealer/shared';
import { forbidden } from '../../lib/errors';
import type { StaffAuth } from '../../http/auth-context';
import { mayActOn } from '../../http/dealership-scope';

/** Who may manage staff accounts: group admins anywhere, managers in their own dealership. */
export function assertCanManageStaff(
  actor: StaffAuth,
  target: { dealershipId: string | null; role: StaffRole }
): void {
  if (!roleCan(actor.role, 'staff.manage')) throw forbidden('仅经理可管理员工账号');
  if (actor.role === 'group_admin') return;
  if (target.role === 'group_admin') throw forbidden('经理不能管理集团管理员');
  if (!target.dealershipId || !mayActOn(actor, target.dealershipId)) throw forbidden('只能管理本店员工');
}
