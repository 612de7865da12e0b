import { createStaff } from '../../server/src/modules/staff/staff.service';
import { Session } from '../../server/src/modules/sessions/session.model';
import { sha256 } from '../../server/src/lib/tokens';
import { startTestApp, type TestContext } from '../support/harness';
import { makeDealership, makeStaff, TEST_PASSWORD } from '../support/factories';

/**
 * Disabling or re-roling an account revokes its sessions, whichever order a login racing
 * the change lands in: afterwards no token of the account works.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp({ LOGIN_RATE_PER_MINUTE: '10000', LOGIN_MAX_FAILURES: '100' });
});
afterAll(() => ctx.close());

const ROUNDS = 4;
const LOGINS_PER_ROUND = 4;

/** Fires logins around the change; returns the tokens that logins handed out. */
async function race(change: Record<string, unknown>, check: (token: string) => Promise<void>) {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id);
  for (let round = 0; round < ROUNDS; round++) {
    const username = `race${round}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const staff = await createStaff({
      username,
      name: '被停用顾问',
      role: 'advisor',
      password: TEST_PASSWORD,
      dealershipId: String(dealership._id)
    });
    const login = () => ctx.http().post('/api/auth/staff/login').send({ username, password: TEST_PASSWORD });
    // The change fires while the logins are checking the password.
    const logins = Array.from({ length: LOGINS_PER_ROUND }, (_, i) =>
      new Promise((r) => setTimeout(r, i * 15)).then(login)
    );
    const patch = new Promise((r) => setTimeout(r, 20)).then(() =>
      ctx.http().patch(`/api/staff/${staff.id}`).set(manager.auth).send(change)
    );
    const [patched, ...answers] = await Promise.all([patch, ...logins]);
    expect(patched.status).toBe(200);
    for (const answer of answers) {
      expect([200, 401]).toContain(answer.status);
      if (answer.status !== 200) continue;
      await check(answer.body.token as string);
    }
    expect(await Session.countDocuments({ subjectId: staff.id, role: 'advisor' })).toBe(0);
  }
}

test('a login racing a disable leaves no working session', async () => {
  await race({ disabled: true }, async (token) => {
    const me = await ctx.http().get('/api/me').set('Authorization', `Bearer ${token}`);
    expect(me.status).toBe(401);
  });
});

test('a login racing a role change leaves no session with the old role', async () => {
  await race({ role: 'marketing' }, async (token) => {
    // /api/me reads the account, so look at the session itself: gone, or carrying the new role.
    const session = await Session.findById(sha256(token)).lean();
    if (session) expect(session.role).toBe('marketing');
  });
});
