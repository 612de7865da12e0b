import { clock } from '../../lib/clock';
import { AppError, locked, unauthorized } from '../../lib/errors';
import { verifyPassword } from '../../lib/password';
import { claimAttemptSlot, releaseAttemptSlot, resetAttempts } from '../../lib/attempt-limiter';
import { createSession, revokeSession } from '../sessions/session.service';
import { sha256 } from '../../lib/tokens';
import type { Types } from 'mongoose';
import { Staff, type StaffDoc } from './staff.model';
import { presentStaff } from './staff.service';

export interface LockoutPolicy {
  maxFailures: number;
  lockMinutes: number;
  sessionTtlHours: number;
}

// A fixed hash to compare against when the user does not exist, so timing does not reveal it.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/**
 * Password login with lockout. Each attempt claims one of `maxFailures` slots for the
 * account in the current lock window before the password is checked, so concurrent
 * guesses cannot exceed the limit; a success gives the slots back.
 */
export async function staffLogin(username: string, password: string, policy: LockoutPolicy) {
  const name = username.toLowerCase();
  const windowMs = policy.lockMinutes * 60_000;
  const key = `login:${name}:${Math.floor(clock.now().getTime() / windowMs)}`;
  const slot = await claimAttemptSlot(key, policy.maxFailures, clock.now());
  if (!slot) {
    throw locked('ACCOUNT_LOCKED', `登录失败次数过多，账号已锁定，请${policy.lockMinutes}分钟后再试`);
  }
  const staff = await Staff.findOne({ username: name }).lean();
  const ok = await verifyPassword(password, staff?.passwordHash ?? DUMMY_HASH);
  if (!staff || !ok) {
    throw new AppError(401, 'BAD_CREDENTIALS', '用户名或密码错误', { attemptsLeft: slot.remaining });
  }
  if (staff.disabled) {
    await releaseAttemptSlot(slot.id);
    throw unauthorized('账号已停用，请联系经理', 'ACCOUNT_DISABLED');
  }
  await resetAttempts(key);
  const token = await createSession(
    {
      kind: 'staff',
      subjectId: staff._id,
      role: staff.role,
      name: staff.name,
      dealershipId: staff.dealershipId
    },
    policy.sessionTtlHours
  );
  await dropIfAccountChanged(staff, token);
  return { token, staff: presentStaff(staff) };
}

type StaffSnapshot = Pick<StaffDoc, 'role' | 'dealershipId' | 'passwordHash' | 'disabled'> & {
  _id: Types.ObjectId;
};

/**
 * A disable, role change or password reset revokes the account's sessions after writing the
 * account. A login that read the account before that write may create its session after the
 * revocation, so the login reads the account again once its session exists: one of the two
 * always sees the other's write (each writes first, then reads), and the session never
 * outlives the change.
 */
async function dropIfAccountChanged(seen: StaffSnapshot, token: string): Promise<void> {
  const now = await Staff.findById(seen._id, {
    role: 1,
    dealershipId: 1,
    passwordHash: 1,
    disabled: 1
  }).lean();
  const unchanged =
    now !== null &&
    !now.disabled &&
    now.role === seen.role &&
    String(now.dealershipId) === String(seen.dealershipId) &&
    now.passwordHash === seen.passwordHash;
  if (unchanged) return;
  await revokeSession(sha256(token));
  if (!now || now.disabled) throw unauthorized('账号已停用，请联系经理', 'ACCOUNT_DISABLED');
  throw unauthorized('账号信息刚刚变更，请重新登录', 'ACCOUNT_CHANGED');
}
