/**
 * The crash window, made deterministic: a sender instance claimed a dispatch (its
 * "sending" mark) and stopped beating. Whether its WeChat call went through is unknown to
 * us; the takeover must still end with exactly one message per consent.
 */
import { Types } from 'mongoose';
import { clock } from '../../server/src/lib/clock';
import { JobInstance, runJobNow } from '../../server/src/lib/jobs';
import { CareDispatch, SendClaim } from '../../server/src/modules/care/care-dispatch.model';
import { dispatchesWithStatus } from '../../server/src/modules/care/care-dispatch.service';
import { spendGrants } from '../../server/src/modules/subscriptions/subscription.service';
import { startTestApp, type TestContext } from '../support/harness';
import { makeDealership } from '../support/factories';
import { CARE_SANDBOX_TEMPLATES, makeBoundCustomer, onlyRules, shanghai } from '../support/care-fixtures';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp({}, { templates: CARE_SANDBOX_TEMPLATES });
});
afterAll(() => ctx.close());
afterEach(() => clock.set(null));

/** Plans a birthday greeting (before the window), then plays a sender that claimed it and died. */
async function crashedSend(opts: { callReachedWechat: boolean; consents: number }) {
  const dealership = await makeDealership();
  await onlyRules(dealership._id, 'birthday');
  const c = await makeBoundCustomer(
    ctx,
    dealership._id,
    { birthday: { calendar: 'solar', date: '1966-10-10' } },
    { accept: ['TPL_BIRTHDAY'] }
  );
  for (let i = 1; i < opts.consents; i++) {
    ctx.sandbox.state.grantSubscription(c.openid, ['TPL_BIRTHDAY']);
    await ctx
      .http()
      .post('/api/owner/subscriptions')
      .set(c.auth)
      .send({ results: { TPL_BIRTHDAY: 'accept' } })
      .expect(200);
  }
  clock.set(() => shanghai('2025-10-10', '06:00'));
  await runJobNow('care-daily', {
    deps: ctx.deps,
    date: '2025-10-10',
    options: { dealership: String(dealership._id) }
  });
  const d = (await CareDispatch.findOne({ customerId: c.customerId }).lean())!;

  const dead = `crashed-host:${Math.floor(Math.random() * 1e6)}:x`;
  const longAgo = new Date(Date.now() - 60_000);
  await JobInstance.create({
    _id: dead,
    host: 'crashed-host',
    pid: 1,
    startedAt: longAgo,
    heartbeatAt: longAgo
  });
  await SendClaim.create({
    _id: `${d._id}#1`,
    dispatchId: d._id,
    generation: 1,
    instanceId: dead,
    claimedAt: longAgo
  });
  await spendGrants([{ dispatchId: d._id, ownerId: d.ownerId!, templateId: 'TPL_BIRTHDAY' }]);
  if (opts.callReachedWechat) {
    const r = await ctx.deps.wechat.sendSubscribeMessage({
      touser: c.openid,
      templateId: 'TPL_BIRTHDAY',
      data: d.data as Record<string, { value: string }>
    });
    expect(r.ok).toBe(true);
  }
  clock.set(() => shanghai('2025-10-10', '09:01'));
  await runJobNow('care-sender', { deps: ctx.deps });
  const [after] = await dispatchesWithStatus({ _id: d._id });
  return {
    after,
    messages: ctx.sandbox.state.messages({ touser: c.openid }),
    claims: await SendClaim.find({ dispatchId: d._id }).lean(),
    ownerId: new Types.ObjectId(c.ownerId)
  };
}

describe('taking over a send left by a stopped instance', () => {
  test('its call went through: the resend meets 43101, recorded as delivered, one message', async () => {
    const { after, messages, claims } = await crashedSend({ callReachedWechat: true, consents: 1 });
    expect(after).toMatchObject({ status: 'sent', reason: 'assumed_delivered', errcode: 43101 });
    expect(messages).toHaveLength(1);
    expect(claims.map((c) => c.generation).sort()).toEqual([1, 2]);
  });

  test('its call never left: the resend delivers, one message', async () => {
    const { after, messages } = await crashedSend({ callReachedWechat: false, consents: 1 });
    expect(after).toMatchObject({ status: 'sent', reason: null, attempts: 1 });
    expect(messages).toHaveLength(1);
  });

  test('with a spare consent a resend could deliver twice: recorded outcome_unknown, no call', async () => {
    const { after, messages } = await crashedSend({ callReachedWechat: true, consents: 2 });
    expect(after).toMatchObject({ status: 'failed', reason: 'outcome_unknown' });
    expect(messages).toHaveLength(1);
  });
});
