import type { StaffRole } from '@dealer/shared';
import { forbidden } from '../../lib/errors';
import type { StaffAuth } from '../../http/auth-context';

/** Who may manage staff accounts: group admins anywhere, managers in their own dealership. */
export function assertCanManageStaff(actor: StaffAuth, target: { dealershipId: string | null; role: StaffRole }): void {
  if (actor.role === 'group_admin') return;
  if (actor.role !== 'manager') throw forbidden('仅经理可管理员工账号');
  if (target.role === 'group_admin') throw forbidden('经理不能管理集团管理员');
  if (target.dealershipId !== actor.dealershipId) throw forbidden('只能管理本店员工');
}

/** The dealership a staff member acts in: their own, or the one a group admin names. */
export function actingDealership(actor: StaffAuth, requested?: string | null): string | null {
  if (actor.role === 'group_admin') return requested ?? null;
  if (requested && requested !== actor.dealershipId) throw forbidden('只能访问本店数据');
  return actor.dealershipId;
}
