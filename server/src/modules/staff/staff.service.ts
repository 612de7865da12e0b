import { Types } from 'mongoose';
import type { StaffRole } from '@dealer/shared';
import { clock } from '../../lib/clock';
import { badRequest, conflict, isDuplicateKeyError, notFound, unprocessable } from '../../lib/errors';
import { hashPassword, passwordProblem } from '../../lib/password';
import { newCode } from '../../lib/tokens';
import { revokeAllSessions } from '../sessions/session.service';
import { Staff, type StaffDoc } from './staff.model';
import { staffNameCache } from './staff-name-cache';

export interface NewStaff {
  username: string;
  name: string;
  role: StaffRole;
  password: string;
  dealershipId: string | null;
  mobile?: string;
}

type StaffRecord = StaffDoc & { _id: Types.ObjectId };

export function presentStaff(s: StaffRecord) {
  return {
    id: String(s._id),
    username: s.username,
    name: s.name,
    role: s.role as StaffRole,
    dealershipId: s.dealershipId ? String(s.dealershipId) : null,
    disabled: s.disabled,
    advisorCode: s.advisorCode,
    mobile: s.mobile ?? null
  };
}

function checkPassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw unprocessable('WEAK_PASSWORD', problem);
}

export async function createStaff(input: NewStaff) {
  checkPassword(input.password);
  if (input.role === 'group_admin' && input.dealershipId)
    throw badRequest('INVALID_DEALERSHIP', '集团管理员不属于单个门店');
  if (input.role !== 'group_admin' && !input.dealershipId)
    throw badRequest('DEALERSHIP_REQUIRED', '请指定员工所属门店');
  const now = clock.now();
  const passwordHash = await hashPassword(input.password);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const doc = await Staff.create({
        username: input.username.toLowerCase(),
        name: input.name,
        role: input.role,
        dealershipId: input.dealershipId,
        passwordHash,
        advisorCode: newCode(6),
        mobile: input.mobile ?? null,
        createdAt: now,
        updatedAt: now
      });
      return presentStaff(doc.toObject());
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      if (await Staff.exists({ username: input.username.toLowerCase() })) {
        throw conflict('USERNAME_TAKEN', `用户名 ${input.username} 已被使用`);
      }
      // advisorCode collided: draw another.
    }
  }
  throw conflict('ADVISOR_CODE_EXHAUSTED', '无法生成顾问码，请重试');
}

export async function findStaff(id: string): Promise<StaffRecord> {
  const staff = await Staff.findById(id).lean();
  if (!staff) throw notFound('员工');
  return staff;
}

export async function listStaff(dealershipId: string | null) {
  const filter = dealershipId ? { dealershipId: new Types.ObjectId(dealershipId) } : {};
  const rows = await Staff.find(filter).sort({ role: 1, name: 1 }).lean();
  return rows.map(presentStaff);
}

export interface StaffChanges {
  name?: string;
  role?: StaffRole;
  disabled?: boolean;
  password?: string;
  mobile?: string | null;
}

/** Role, password and disabling take effect at once: the member's sessions are revoked. */
export async function updateStaff(id: string, changes: StaffChanges) {
  const current = await findStaff(id);
  const set: Record<string, unknown> = { updatedAt: clock.now() };
  if (changes.name !== undefined) set.name = changes.name;
  if (changes.role !== undefined) {
    if ((changes.role === 'group_admin') !== (current.role === 'group_admin')) {
      throw unprocessable('ROLE_CHANGE_NOT_ALLOWED', '不能在集团管理员与门店角色之间转换');
    }
    set.role = changes.role;
  }
  if (changes.disabled !== undefined) set.disabled = changes.disabled;
  if (changes.mobile !== undefined) set.mobile = changes.mobile;
  if (changes.password !== undefined) {
    checkPassword(changes.password);
    set.passwordHash = await hashPassword(changes.password);
  }
  await Staff.updateOne({ _id: id }, { $set: set });
  staffNameCache.invalidate(id);
  const securityChanged =
    changes.role !== undefined || changes.disabled === true || changes.password !== undefined;
  if (securityChanged) await revokeAllSessions(id);
  return presentStaff(await findStaff(id));
}

/** Advisors of a dealership by name, for import (服务顾问 column). */
export async function advisorsByName(dealershipId: string): Promise<Map<string, Types.ObjectId>> {
  const rows = await Staff.find(
    { dealershipId: new Types.ObjectId(dealershipId), role: 'advisor' },
    { name: 1 }
  ).lean();
  return new Map(rows.map((r) => [r.name, r._id]));
}
