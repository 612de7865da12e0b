import type { StaffAuth } from './auth-context';
import { badRequest, forbidden } from '../lib/errors';

/**
 * The one answer to "which dealership(s) may this staff member act on": a group admin names one
 * (or, where a module allows it, none = every dealership); everyone else acts on their own, and
 * naming another dealership is refused. Every module resolves its dealership through here.
 */

/** Their own dealership, or the one a group admin names; `null` = a group admin named none (all). */
export function dealershipScope(auth: StaffAuth, requested?: string | null): string | null {
  if (auth.role === 'group_admin') return requested ?? null;
  if (!auth.dealershipId) throw forbidden('账号未关联门店');
  if (requested && requested !== auth.dealershipId) throw forbidden('只能访问本店数据');
  return auth.dealershipId;
}

/** Exactly one dealership: their own, or the one a group admin must name (400 DEALERSHIP_REQUIRED). */
export function oneDealership(auth: StaffAuth, requested?: string | null): string {
  const dealershipId = dealershipScope(auth, requested);
  if (!dealershipId) throw badRequest('DEALERSHIP_REQUIRED', '请指定门店（dealershipId）');
  return dealershipId;
}

/** Whether a record of `dealershipId` lies within what this staff member may act on. */
export function mayActOn(auth: StaffAuth, dealershipId: string): boolean {
  return auth.role === 'group_admin' || auth.dealershipId === dealershipId;
}
