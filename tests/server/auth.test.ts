import { Owner } from '../../server/src/modules/owners/owner.model';
import { Session } from '../../server/src/modules/sessions/session.model';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { Binding } from '../../server/src/modules/bindings/binding.model';
import { formatScene } from '@dealer/shared';
import { startTestApp, type TestContext } from '../support/harness';
import { loginOwner, makeDealership, makeStaff, TEST_PASSWORD, uniqueMobile } from '../support/factories';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp({ LOGIN_MAX_FAILURES: '5', LOGIN_RATE_PER_MINUTE: '1000' });
});
afterAll(() => ctx.close());
afterEach(() => ctx.sandbox.state.clearFaults());

describe('owner login through WeChat', () => {
  test('a wx.login code gives a session; session_key never reaches the client', async () => {
    const { code, openid } = ctx.sandbox.state.mintLoginCode({});
    const res = await ctx.http().post('/api/auth/owner/login').send({ code }).expect(200);
    expect(Object.keys(res.body).sort()).toEqual(['owner', 'token']);
    expect(JSON.stringify(res.body)).not.toMatch(/session_?key/i);
    const me = await ctx.http().get('/api/me').set('Authorization', `Bearer ${res.body.token}`).expect(200);
    expect(me.body).toEqual({ kind: 'owner', owner: { id: res.body.owner.id, phoneBound: false } });
    expect(await Owner.countDocuments({ openid })).toBe(1);
    // The same code again: WeChat answers 40163, we answer a clear 400.
    const reused = await ctx.http().post('/api/auth/owner/login').send({ code }).expect(400);
    expect(reused.body.error.code).toBe('WECHAT_CODE_INVALID');
  });

  test('WeChat faults give clear errors and write nothing', async () => {
    const owners = await Owner.countDocuments();
    const sessions = await Session.countDocuments();
    const login = () =>
      ctx
        .http()
        .post('/api/auth/owner/login')
        .send({ code: ctx.sandbox.state.mintLoginCode({}).code });

    ctx.sandbox.state.addFault({ path: '/sns/jscode2session', mode: 'errcode', errcode: 40029, times: 1 });
    expect((await login().expect(400)).body.error.code).toBe('WECHAT_CODE_INVALID');

    ctx.sandbox.state.addFault({ path: '/sns/jscode2session', mode: 'errcode', errcode: -1, times: 2 });
    expect((await login().expect(503)).body.error.code).toBe('WECHAT_UNAVAILABLE');

    ctx.sandbox.state.addFault({ path: '/sns/jscode2session', mode: 'http5xx', status: 502, times: 1 });
    expect((await login().expect(503)).body.error.code).toBe('WECHAT_UNAVAILABLE');

    ctx.sandbox.state.addFault({ path: '/sns/jscode2session', mode: 'delay', delayMs: 2500, times: 1 });
    expect((await login().expect(503)).body.error.code).toBe('WECHAT_UNAVAILABLE');

    expect(await Owner.countDocuments()).toBe(owners);
    expect(await Session.countDocuments()).toBe(sessions);

    // WeChat busy once: retried, and the login goes through.
    ctx.sandbox.state.addFault({ path: '/sns/jscode2session', mode: 'errcode', errcode: -1, times: 1 });
    await login().expect(200);
  });

  test('phone-number errors leave no archive or binding behind', async () => {
    const dealership = await makeDealership();
    const owner = await loginOwner(ctx);
    const customers = await Customer.countDocuments({ dealershipId: dealership._id });
    const bind = (phoneCode: string) =>
      ctx
        .http()
        .post('/api/owner/bindings')
        .set(owner.auth)
        .send({ scene: formatScene(dealership.code), phoneCode });

    expect((await bind('not-a-real-code').expect(400)).body.error.code).toBe('WECHAT_CODE_INVALID');
    ctx.sandbox.state.addFault({
      path: '/wxa/business/getuserphonenumber',
      mode: 'http5xx',
      status: 500,
      times: 2
    });
    const code = ctx.sandbox.state.mintPhoneCode({ phoneNumber: uniqueMobile() }).code;
    expect((await bind(code).expect(503)).body.error.code).toBe('WECHAT_UNAVAILABLE');

    expect(await Customer.countDocuments({ dealershipId: dealership._id })).toBe(customers);
    expect(await Binding.countDocuments({ ownerId: owner.ownerId })).toBe(0);
    expect((await Owner.findById(owner.ownerId).lean())!.mobile).toBeNull();
  });
});

describe('staff login', () => {
  test('password login, me, logout revokes the session', async () => {
    const dealership = await makeDealership();
    const advisor = await makeStaff('advisor', dealership._id);
    const res = await ctx
      .http()
      .post('/api/auth/staff/login')
      .send({ username: advisor.username, password: TEST_PASSWORD })
      .expect(200);
    expect(res.body.staff).toMatchObject({
      id: advisor.id,
      role: 'advisor',
      dealershipId: String(dealership._id)
    });
    const auth = { Authorization: `Bearer ${res.body.token}` };
    await ctx.http().get('/api/me').set(auth).expect(200);
    await ctx.http().post('/api/auth/logout').set(auth).expect(204);
    expect((await ctx.http().get('/api/me').set(auth).expect(401)).body.error.code).toBe('SESSION_INVALID');
  });

  test('repeated failures lock the account, even when fired concurrently', async () => {
    const dealership = await makeDealership();
    const advisor = await makeStaff('advisor', dealership._id);
    const attempt = (password: string) =>
      ctx.http().post('/api/auth/staff/login').send({ username: advisor.username, password });
    const burst = await Promise.all(Array.from({ length: 15 }, () => attempt('wrong-password-1')));
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 423)).toHaveLength(10);
    // Locked: even the right password is refused now.
    const locked = await attempt(TEST_PASSWORD).expect(423);
    expect(locked.body.error.code).toBe('ACCOUNT_LOCKED');
  });

  test('a success resets the failure count; unknown users look like wrong passwords', async () => {
    const dealership = await makeDealership();
    const advisor = await makeStaff('advisor', dealership._id);
    const attempt = (password: string) =>
      ctx.http().post('/api/auth/staff/login').send({ username: advisor.username, password });
    for (let i = 0; i < 4; i++) await attempt('nope-nope-1').expect(401);
    await attempt(TEST_PASSWORD).expect(200);
    for (let i = 0; i < 4; i++) await attempt('nope-nope-1').expect(401);
    const unknown = await ctx
      .http()
      .post('/api/auth/staff/login')
      .send({ username: 'nobody-here', password: 'x' })
      .expect(401);
    expect(unknown.body.error.code).toBe('BAD_CREDENTIALS');
  });

  test('managers create and disable staff; disabling revokes sessions at once', async () => {
    const dealership = await makeDealership();
    const other = await makeDealership();
    const manager = await makeStaff('manager', dealership._id);
    const created = await ctx
      .http()
      .post('/api/staff')
      .set(manager.auth)
      .send({ username: 'new.advisor1', name: '新顾问', role: 'advisor', password: 'Str0ngPassw0rd' })
      .expect(201);
    expect(created.body).toMatchObject({
      username: 'new.advisor1',
      role: 'advisor',
      dealershipId: String(dealership._id),
      disabled: false
    });

    const weak = await ctx
      .http()
      .post('/api/staff')
      .set(manager.auth)
      .send({ username: 'weak.one', name: 'x', role: 'advisor', password: 'short' })
      .expect(422);
    expect(weak.body.error.code).toBe('WEAK_PASSWORD');
    await ctx
      .http()
      .post('/api/staff')
      .set(manager.auth)
      .send({ username: 'new.advisor1', name: 'x', role: 'advisor', password: 'Str0ngPassw0rd' })
      .expect(409);
    await ctx
      .http()
      .post('/api/staff')
      .set(manager.auth)
      .send({ username: 'boss.x', name: 'x', role: 'group_admin', password: 'Str0ngPassw0rd' })
      .expect(403);
    await ctx
      .http()
      .post('/api/staff')
      .set(manager.auth)
      .send({
        username: 'elsewhere',
        name: 'x',
        role: 'advisor',
        password: 'Str0ngPassw0rd',
        dealershipId: String(other._id)
      })
      .expect(403);

    const login = await ctx
      .http()
      .post('/api/auth/staff/login')
      .send({ username: 'new.advisor1', password: 'Str0ngPassw0rd' })
      .expect(200);
    const auth = { Authorization: `Bearer ${login.body.token}` };
    await ctx.http().get('/api/me').set(auth).expect(200);
    await ctx
      .http()
      .patch(`/api/staff/${created.body.id}`)
      .set(manager.auth)
      .send({ disabled: true })
      .expect(200);
    await ctx.http().get('/api/me').set(auth).expect(401);
    const refused = await ctx
      .http()
      .post('/api/auth/staff/login')
      .send({ username: 'new.advisor1', password: 'Str0ngPassw0rd' })
      .expect(401);
    expect(refused.body.error.code).toBe('ACCOUNT_DISABLED');

    // Staff of another dealership cannot be managed; an advisor cannot manage anyone.
    const foreign = await makeStaff('advisor', other._id);
    await ctx.http().patch(`/api/staff/${foreign.id}`).set(manager.auth).send({ disabled: true }).expect(403);
    const advisor = await makeStaff('advisor', dealership._id);
    await ctx.http().get('/api/staff').set(advisor.auth).expect(403);
    const list = await ctx.http().get('/api/staff').set(manager.auth).expect(200);
    expect(
      list.body.items.every((s: { dealershipId: string }) => s.dealershipId === String(dealership._id))
    ).toBe(true);
  });
});
