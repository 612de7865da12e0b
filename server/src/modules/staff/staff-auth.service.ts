import { clock } from '../../lib/clock';
import { AppError, locked, unauthorized } from '../../lib/errors';
import { verifyPassword } from '../../lib/password';
import { claimAttemptSlot, releaseAttemptSlot, resetAttempts } from '../../lib/attempt-limiter';
import { createSession } from '../sessions/session.service';
import { Staff } from './staff.model';
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
    { kind: 'staff', subjectId: staff._id, role: staff.role, name: staff.name, dealershipId: staff.dealershipId },
    policy.sessionTtlHours
  );
  return { token, staff: presentStaff(staff) };
}
