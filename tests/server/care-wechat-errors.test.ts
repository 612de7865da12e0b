import { clock } from '../../server/src/lib/clock';
import { runJobNow } from '../../server/src/lib/jobs';
import type { Types } from 'mongoose';
import { dispatchesWithStatus } from '../../server/src/modules/care/care-dispatch.service';
import { SubscriptionSpend } from '../../server/src/modules/subscriptions/subscription.model';
import { startTestApp, type TestContext } from '../support/harness';
import { makeDealership } from '../support/factories';
import { CARE_SANDBOX_TEMPLATES, makeBoundCustomer, onlyRules, shanghai } from '../support/care-fixtures';

const SEND = '/cgi-bin/message/subscribe/send';
let ctx: TestContext;
beforeAll(async () => {
  // Short backoff and timeout so the retry paths run quickly.
  ctx = await startTestApp(
    { CARE_RETRY_BASE_MS: '20', CARE_SEND_MAX_ATTEMPTS: '4', WECHAT_TIMEOUT_MS: '300' },
    { templates: CARE_SANDBOX_TEMPLATES }
  );
});
afterAll(() => ctx.close());
afterEach(() => {
  clock.set(null);
  ctx.sandbox.state.clearFaults();
  ctx.sandbox.state.configure({ templates: CARE_SANDBOX_TEMPLATES });
});

async function birthdayRun(accept: string[] = ['TPL_BIRTHDAY']) {
  const dealership = await makeDealership();
  await onlyRules(dealership._id, 'birthday');
  const c = await makeBoundCustomer(
    ctx,
    dealership._id,
    { birthday: { calendar: 'solar', date: '1975-04-01' } },
    { accept }
  );
  clock.set(() => shanghai('2025-04-01', '10:00'));
  const sendCalls = () =>
    ctx.sandbox.state
      .calls({ path: SEND })
      .filter((call) => (call.body as { touser?: string })?.touser === c.openid).length;
  return { dealership, c, sendCalls };
}

const dispatchOf = async (customerId: Types.ObjectId) => (await dispatchesWithStatus({ customerId }))[0];

describe('WeChat answers to subscribe/send', () => {
  test('43101: no retry, the consent is spent, the owner gets the inbox notice', async () => {
    const { dealership, c, sendCalls } = await birthdayRun();
    // WeChat's side has no quota left (the owner's accept was used elsewhere).
    ctx.sandbox.state.addFault({ path: SEND, mode: 'errcode', errcode: 43101 });
    await runJobNow('care-daily', {
      deps: ctx.deps,
      date: '2025-04-01',
      options: { dealership: String(dealership._id) }
    });
    const d = await dispatchOf(c.customerId);
    expect(d).toMatchObject({ status: 'inbox_only', reason: 'no_quota', errcode: 43101, attempts: 1 });
    expect(sendCalls()).toBe(1);
    expect(await SubscriptionSpend.countDocuments({ dispatchId: d!._id })).toBe(1);
    expect((await ctx.http().get('/api/owner/notices').set(c.auth).expect(200)).body.total).toBe(1);
    const quota = await ctx.http().get('/api/owner/subscriptions').set(c.auth).expect(200);
    expect(
      quota.body.templates.find((t: { templateId: string }) => t.templateId === 'TPL_BIRTHDAY').remaining
    ).toBe(0);
  });

  test('-1 (busy) and 5xx are retried with backoff, then sent', async () => {
    const { dealership, c, sendCalls } = await birthdayRun();
    ctx.sandbox.state.addFault({ path: SEND, mode: 'errcode', errcode: -1 });
    ctx.sandbox.state.addFault({ path: SEND, mode: 'http5xx', status: 502 });
    await runJobNow('care-daily', {
      deps: ctx.deps,
      date: '2025-04-01',
      options: { dealership: String(dealership._id) }
    });
    expect(await dispatchOf(c.customerId)).toMatchObject({ status: 'sent', attempts: 3 });
    expect(sendCalls()).toBe(3);
    expect(ctx.sandbox.state.messages({ touser: c.openid })).toHaveLength(1);
  });

  test('-1 / 5xx beyond the attempt limit: recorded failed with the last error', async () => {
    const { dealership, c, sendCalls } = await birthdayRun();
    ctx.sandbox.state.addFault({ path: SEND, mode: 'errcode', errcode: -1, times: 2 });
    ctx.sandbox.state.addFault({ path: SEND, mode: 'http5xx', status: 503, times: 5 });
    await runJobNow('care-daily', {
      deps: ctx.deps,
      date: '2025-04-01',
      options: { dealership: String(dealership._id) }
    });
    const d = await dispatchOf(c.customerId);
    expect(d).toMatchObject({ status: 'failed', reason: 'retries_exhausted', attempts: 4, errcode: null });
    expect(d!.errmsg).toContain('HTTP 503');
    expect(sendCalls()).toBe(4);
    expect(ctx.sandbox.state.messages({ touser: c.openid })).toHaveLength(0);
    // The inbox still has the greeting.
    expect((await ctx.http().get('/api/owner/notices').set(c.auth).expect(200)).body.total).toBe(1);
  });

  test('47003: no retry, recorded with the field WeChat names', async () => {
    const { dealership, c, sendCalls } = await birthdayRun();
    // The template was changed in the WeChat console: thing3 became thing4.
    ctx.sandbox.state.configure({
      templates: { ...CARE_SANDBOX_TEMPLATES, TPL_BIRTHDAY: ['thing1', 'date2', 'thing4'] }
    });
    await runJobNow('care-daily', {
      deps: ctx.deps,
      date: '2025-04-01',
      options: { dealership: String(dealership._id) }
    });
    const d = await dispatchOf(c.customerId);
    expect(d).toMatchObject({ status: 'failed', reason: 'wechat_error', errcode: 47003, attempts: 1 });
    expect(d!.errmsg).toContain('data.thing3');
    expect(sendCalls()).toBe(1);
  });

  test('40003: no retry, recorded', async () => {
    const { dealership, c, sendCalls } = await birthdayRun();
    ctx.sandbox.state.addFault({ path: SEND, mode: 'errcode', errcode: 40003 });
    await runJobNow('care-daily', {
      deps: ctx.deps,
      date: '2025-04-01',
      options: { dealership: String(dealership._id) }
    });
    expect(await dispatchOf(c.customerId)).toMatchObject({
      status: 'failed',
      reason: 'wechat_error',
      errcode: 40003,
      attempts: 1
    });
    expect(sendCalls()).toBe(1);
  });

  test('a timeout whose call went through: the retry meets 43101 and no second message is delivered', async () => {
    const { dealership, c, sendCalls } = await birthdayRun();
    // WeChat processes the call at 450 ms, after the client gave up (300 ms) and before the
    // retry (backoff 375–625 ms after the timeout).
    ctx.sandbox.state.addFault({ path: SEND, mode: 'delay', delayMs: 450 });
    ctx.deps.config.CARE_RETRY_BASE_MS = 500;
    try {
      await runJobNow('care-daily', {
        deps: ctx.deps,
        date: '2025-04-01',
        options: { dealership: String(dealership._id) }
      });
    } finally {
      ctx.deps.config.CARE_RETRY_BASE_MS = 20;
    }
    expect(ctx.sandbox.state.messages({ touser: c.openid })).toHaveLength(1);
    expect(await dispatchOf(c.customerId)).toMatchObject({
      status: 'sent',
      reason: 'assumed_delivered',
      errcode: 43101,
      attempts: 2
    });
    expect(sendCalls()).toBe(2);
  });

  test('a timeout when the owner has spare consents is not retried (it could deliver twice)', async () => {
    const { dealership, c, sendCalls } = await birthdayRun();
    // A second accept for the same template.
    ctx.sandbox.state.grantSubscription(c.openid, ['TPL_BIRTHDAY']);
    await ctx
      .http()
      .post('/api/owner/subscriptions')
      .set(c.auth)
      .send({ results: { TPL_BIRTHDAY: 'accept' } })
      .expect(200);
    ctx.sandbox.state.addFault({ path: SEND, mode: 'delay', delayMs: 600 });
    await runJobNow('care-daily', {
      deps: ctx.deps,
      date: '2025-04-01',
      options: { dealership: String(dealership._id) }
    });
    await new Promise((r) => setTimeout(r, 400));
    expect(await dispatchOf(c.customerId)).toMatchObject({
      status: 'failed',
      reason: 'outcome_unknown',
      attempts: 1
    });
    expect(sendCalls()).toBe(1);
    expect(ctx.sandbox.state.messages({ touser: c.openid })).toHaveLength(1);
  });
});
