import { Types } from 'mongoose';
import { spendGrants } from '../../server/src/modules/subscriptions/subscription.service';
import { SubscriptionSpend } from '../../server/src/modules/subscriptions/subscription.model';
import { startTestApp, type TestContext } from '../support/harness';
import { loginOwner, makeDealership, makeStaff } from '../support/factories';
import { CARE_SANDBOX_TEMPLATES, makeBoundCustomer } from '../support/care-fixtures';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp({}, { templates: CARE_SANDBOX_TEMPLATES });
});
afterAll(() => ctx.close());

const remaining = async (auth: { Authorization: string }) => {
  const res = await ctx.http().get('/api/owner/subscriptions').set(auth).expect(200);
  return Object.fromEntries(
    res.body.templates.map((t: { templateId: string; remaining: number }) => [t.templateId, t.remaining])
  );
};

describe('owner subscriptions', () => {
  test('each accept allows one message; reject, ban and filter add nothing', async () => {
    const dealership = await makeDealership();
    const owner = await makeBoundCustomer(ctx, dealership._id);
    expect(await remaining(owner.auth)).toEqual({ TPL_BIRTHDAY: 0, TPL_FESTIVAL: 0, TPL_CARE: 0 });
    const res = await ctx
      .http()
      .post('/api/owner/subscriptions')
      .set(owner.auth)
      .send({ results: { TPL_BIRTHDAY: 'accept', TPL_FESTIVAL: 'reject', TPL_CARE: 'ban' } })
      .expect(200);
    expect(res.body.templates.map((t: { title: string }) => t.title)).toEqual([
      '生日祝福',
      '节日问候',
      '关怀提醒'
    ]);
    await ctx
      .http()
      .post('/api/owner/subscriptions')
      .set(owner.auth)
      .send({ results: { TPL_BIRTHDAY: 'accept', TPL_CARE: 'filter' } })
      .expect(200);
    expect(await remaining(owner.auth)).toEqual({ TPL_BIRTHDAY: 2, TPL_FESTIVAL: 0, TPL_CARE: 0 });
  });

  test('a retried report (same requestId) counts once; concurrent reports each count', async () => {
    const dealership = await makeDealership();
    const owner = await makeBoundCustomer(ctx, dealership._id);
    const report = { results: { TPL_FESTIVAL: 'accept' }, requestId: 'req-0001-abcdef' };
    await ctx.http().post('/api/owner/subscriptions').set(owner.auth).send(report).expect(200);
    await ctx.http().post('/api/owner/subscriptions').set(owner.auth).send(report).expect(200);
    expect((await remaining(owner.auth)).TPL_FESTIVAL).toBe(1);
    await Promise.all(
      Array.from({ length: 8 }, () =>
        ctx
          .http()
          .post('/api/owner/subscriptions')
          .set(owner.auth)
          .send({ results: { TPL_FESTIVAL: 'accept' } })
          .expect(200)
      )
    );
    expect((await remaining(owner.auth)).TPL_FESTIVAL).toBe(9);
  });

  test('bad reports are refused and change nothing', async () => {
    const dealership = await makeDealership();
    const owner = await makeBoundCustomer(ctx, dealership._id);
    const post = (body: unknown, auth: Record<string, string> = owner.auth) =>
      ctx
        .http()
        .post('/api/owner/subscriptions')
        .set(auth)
        .send(body as object);
    const unknown = await post({ results: { TPL_NOPE: 'accept', TPL_BIRTHDAY: 'accept' } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe('TEMPLATE_UNKNOWN');
    expect((await post({ results: { TPL_BIRTHDAY: 'maybe' } })).status).toBe(400);
    expect((await post({ results: {} })).status).toBe(400);
    expect((await post({ results: { A: 'accept', B: 'accept', C: 'accept', D: 'accept' } })).status).toBe(
      400
    );
    expect(await remaining(owner.auth)).toEqual({ TPL_BIRTHDAY: 0, TPL_FESTIVAL: 0, TPL_CARE: 0 });
    // An owner bound nowhere has no templates to accept.
    const stranger = await loginOwner(ctx);
    expect((await post({ results: { TPL_BIRTHDAY: 'accept' } }, stranger.auth)).status).toBe(422);
    const staff = await makeStaff('manager', dealership._id);
    expect((await post({ results: { TPL_BIRTHDAY: 'accept' } }, staff.auth)).status).toBe(403);
  });

  test('concurrent senders never spend one consent twice', async () => {
    const dealership = await makeDealership();
    const owner = await makeBoundCustomer(ctx, dealership._id);
    for (let i = 0; i < 3; i++)
      await ctx
        .http()
        .post('/api/owner/subscriptions')
        .set(owner.auth)
        .send({ results: { TPL_CARE: 'accept' } })
        .expect(200);
    const ownerId = new Types.ObjectId(owner.ownerId);
    const requests = Array.from({ length: 10 }, (_, i) => ({
      dispatchId: `d-${owner.ownerId}-${i}`,
      ownerId,
      templateId: 'TPL_CARE'
    }));
    // Five senders race with two dispatches each; the same dispatch is also asked for twice.
    const results = await Promise.all([0, 2, 4, 6, 8, 0].map((i) => spendGrants(requests.slice(i, i + 2))));
    const granted = new Map<string, string>();
    for (const r of results)
      for (const [dispatchId, spent] of r) if (spent) granted.set(dispatchId, spent.grantId);
    expect(granted.size).toBe(3);
    expect(new Set(granted.values()).size).toBe(3);
    expect(await SubscriptionSpend.countDocuments({ ownerId })).toBe(3);
    expect((await remaining(owner.auth)).TPL_CARE).toBe(0);
    // A dispatch asking again keeps the consent it holds.
    const [held] = [...granted.keys()];
    expect((await spendGrants([requests.find((r) => r.dispatchId === held)!])).get(held)).toMatchObject({
      grantId: granted.get(held),
      resumed: true
    });
  });
});
