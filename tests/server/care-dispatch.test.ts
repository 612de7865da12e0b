import { clock } from '../../server/src/lib/clock';
import { runJobNow } from '../../server/src/lib/jobs';
import { CareDispatch } from '../../server/src/modules/care/care-dispatch.model';
import { dispatchesWithStatus } from '../../server/src/modules/care/care-dispatch.service';
import { Notice } from '../../server/src/modules/notices/notice.model';
import { startTestApp, type TestContext } from '../support/harness';
import { makeCustomer, makeDealership, makeStaff } from '../support/factories';
import { CARE_SANDBOX_TEMPLATES, makeBoundCustomer, onlyRules, shanghai } from '../support/care-fixtures';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp({}, { templates: CARE_SANDBOX_TEMPLATES });
});
afterAll(() => ctx.close());
afterEach(() => clock.set(null));

const runCare = (date: string, dealershipId: string) =>
  runJobNow('care-daily', { deps: ctx.deps, date, options: { dealership: dealershipId } });

describe('birthday greetings', () => {
  test('a solar birthday reaches the owner once: WeChat message and inbox notice', async () => {
    const dealership = await makeDealership('生日门店');
    await onlyRules(dealership._id, 'birthday');
    const alice = await makeBoundCustomer(
      ctx,
      dealership._id,
      { name: '张三', birthday: { calendar: 'solar', date: '1985-05-20' } },
      { accept: ['TPL_BIRTHDAY'] }
    );
    const other = await makeBoundCustomer(
      ctx,
      dealership._id,
      { birthday: { calendar: 'solar', date: '1985-05-21' } },
      { accept: ['TPL_BIRTHDAY'] }
    );
    clock.set(() => shanghai('2025-05-20', '10:00'));

    const first = await runCare('2025-05-20', String(dealership._id));
    expect(first.status).toBe('succeeded');
    const again = await runCare('2025-05-20', String(dealership._id));
    expect(again.status).toBe('succeeded');

    const messages = ctx.sandbox.state.messages({ touser: alice.openid });
    expect(messages).toHaveLength(1);
    expect(messages[0].template_id).toBe('TPL_BIRTHDAY');
    expect(messages[0].data.thing1.value).toBe('张三，生日快乐');
    expect(messages[0].data.date2.value).toBe('2025年5月20日');
    expect(ctx.sandbox.state.messages({ touser: other.openid })).toHaveLength(0);
    const dispatches = await dispatchesWithStatus({ dealershipId: dealership._id });
    expect(dispatches.map((d) => [d.customerId.toString(), d.status])).toEqual([
      [String(alice.customerId), 'sent']
    ]);

    const inbox = await ctx.http().get('/api/owner/notices').set(alice.auth).expect(200);
    expect(inbox.body.items.map((n: { title: string }) => n.title)).toEqual(['生日快乐']);
    expect(inbox.body.items[0].body).toContain('张三您好');
    expect(await Notice.countDocuments({ dedupeKey: dispatches[0]._id })).toBe(1);

    const manager = await makeStaff('manager', dealership._id);
    const log = await ctx
      .http()
      .get('/api/care/dispatches')
      .query({ date: '2025-05-20' })
      .set(manager.auth)
      .expect(200);
    expect(log.body.total).toBe(1);
    expect(log.body.items[0]).toMatchObject({
      status: 'sent',
      ruleName: '生日祝福',
      customer: { name: '张三' },
      attempts: 1
    });
  });

  test('a lunar birthday is greeted on its solar date, including 腊月三十 in a 29-day month and a leap-month birthday', async () => {
    const dealership = await makeDealership();
    await onlyRules(dealership._id, 'birthday');
    const midAutumn = await makeBoundCustomer(
      ctx,
      dealership._id,
      { birthday: { calendar: 'lunar', lunarMonth: 8, lunarDay: 15 } },
      { accept: ['TPL_BIRTHDAY'] }
    );
    const leap = await makeBoundCustomer(
      ctx,
      dealership._id,
      { birthday: { calendar: 'lunar', lunarMonth: 6, lunarDay: 10, lunarLeapMonth: true } },
      { accept: ['TPL_BIRTHDAY'] }
    );
    const day30 = await makeBoundCustomer(
      ctx,
      dealership._id,
      { birthday: { calendar: 'lunar', lunarMonth: 12, lunarDay: 30 } },
      { accept: ['TPL_BIRTHDAY'] }
    );
    const solarTwin = await makeBoundCustomer(
      ctx,
      dealership._id,
      { birthday: { calendar: 'solar', date: '1990-08-15' } },
      { accept: ['TPL_BIRTHDAY'] }
    );

    for (const date of ['2025-08-15', '2025-07-04', '2025-10-06', '2026-02-16']) {
      clock.set(() => shanghai(date, '09:30'));
      expect((await runCare(date, String(dealership._id))).status).toBe('succeeded');
    }
    const sentOn = async (c: { customerId: unknown }) =>
      (await dispatchesWithStatus({ customerId: c.customerId }))
        .filter((d) => d.status === 'sent')
        .map((d) => d.occasionDate);
    expect(await sentOn(midAutumn)).toEqual(['2025-10-06']);
    expect(await sentOn(leap)).toEqual(['2025-07-04']);
    expect(await sentOn(day30)).toEqual(['2026-02-16']);
    expect(await sentOn(solarTwin)).toEqual(['2025-08-15']);
    expect(ctx.sandbox.state.messages({ touser: midAutumn.openid }).map((m) => m.data.date2.value)).toEqual([
      '2025年10月6日'
    ]);
  });

  test('consent, quota and binding decide the channel; the log says why', async () => {
    const dealership = await makeDealership();
    await onlyRules(dealership._id, 'birthday');
    const birthday = { calendar: 'solar', date: '1980-03-08' };
    const noConsent = await makeBoundCustomer(
      ctx,
      dealership._id,
      { birthday },
      { accept: ['TPL_BIRTHDAY'], consent: false }
    );
    const noQuota = await makeBoundCustomer(ctx, dealership._id, { birthday }, {});
    const declined = await makeBoundCustomer(ctx, dealership._id, { birthday }, {});
    await ctx
      .http()
      .post('/api/owner/subscriptions')
      .set(declined.auth)
      .send({ results: { TPL_BIRTHDAY: 'reject' } })
      .expect(200);
    const unbound = await makeCustomer(dealership._id, { birthday, consent: { marketing: true } });
    clock.set(() => shanghai('2025-03-08', '12:00'));
    await runCare('2025-03-08', String(dealership._id));

    const byCustomer = new Map(
      (await dispatchesWithStatus({ dealershipId: dealership._id })).map((d) => [String(d.customerId), d])
    );
    expect(byCustomer.get(String(noConsent.customerId))).toMatchObject({
      status: 'inbox_only',
      reason: 'no_consent'
    });
    expect(byCustomer.get(String(noQuota.customerId))).toMatchObject({
      status: 'inbox_only',
      reason: 'no_quota'
    });
    expect(byCustomer.get(String(declined.customerId))).toMatchObject({
      status: 'inbox_only',
      reason: 'no_quota'
    });
    expect(byCustomer.get(String(unbound._id))).toMatchObject({ status: 'skipped', reason: 'no_binding' });
    for (const c of [noConsent, noQuota, declined]) {
      expect(ctx.sandbox.state.messages({ touser: c.openid })).toHaveLength(0);
      const inbox = await ctx.http().get('/api/owner/notices').set(c.auth).expect(200);
      expect(inbox.body.items.map((n: { title: string }) => n.title)).toEqual(['生日快乐']);
    }
    // The unused consent is still there for the next message.
    const left = await ctx.http().get('/api/owner/subscriptions').set(noConsent.auth).expect(200);
    expect(
      left.body.templates.find((t: { templateId: string }) => t.templateId === 'TPL_BIRTHDAY').remaining
    ).toBe(1);
  });
});

describe('send window (Asia/Shanghai)', () => {
  test('a run at 23:30 schedules for 09:00 the next day; the sender loop sends then, not before', async () => {
    const dealership = await makeDealership();
    await onlyRules(dealership._id, 'birthday');
    const c = await makeBoundCustomer(
      ctx,
      dealership._id,
      { birthday: { calendar: 'solar', date: '1970-12-31' } },
      { accept: ['TPL_BIRTHDAY'] }
    );
    clock.set(() => shanghai('2025-12-31', '23:30'));
    await runCare('2025-12-31', String(dealership._id));
    const planned = (await dispatchesWithStatus({ customerId: c.customerId }))[0];
    expect(planned).toMatchObject({ status: 'pending', occasionDate: '2025-12-31' });
    // 09:00 on 1 January in Shanghai is 01:00 UTC.
    expect(planned!.sendAt.toISOString()).toBe('2026-01-01T01:00:00.000Z');
    expect((await ctx.http().get('/api/owner/notices').set(c.auth).expect(200)).body.total).toBe(0);

    clock.set(() => shanghai('2026-01-01', '08:59'));
    await runJobNow('care-sender', { deps: ctx.deps });
    expect(ctx.sandbox.state.messages({ touser: c.openid })).toHaveLength(0);
    clock.set(() => shanghai('2026-01-01', '09:00'));
    await runJobNow('care-sender', { deps: ctx.deps });
    await runJobNow('care-sender', { deps: ctx.deps });
    expect(ctx.sandbox.state.messages({ touser: c.openid })).toHaveLength(1);
    expect((await dispatchesWithStatus({ customerId: c.customerId }))[0]).toMatchObject({ status: 'sent' });
    expect((await ctx.http().get('/api/owner/notices').set(c.auth).expect(200)).body.total).toBe(1);
  });

  test('a run before the window waits for its start on the same day', async () => {
    const dealership = await makeDealership();
    await onlyRules(dealership._id, 'birthday');
    const c = await makeBoundCustomer(
      ctx,
      dealership._id,
      { birthday: { calendar: 'solar', date: '1970-06-01' } },
      { accept: ['TPL_BIRTHDAY'] }
    );
    clock.set(() => shanghai('2025-06-01', '00:30'));
    await runCare('2025-06-01', String(dealership._id));
    const planned = (await dispatchesWithStatus({ customerId: c.customerId }))[0];
    expect(planned!.sendAt.toISOString()).toBe('2025-06-01T01:00:00.000Z');
    expect(ctx.sandbox.state.messages({ touser: c.openid })).toHaveLength(0);
  });
});

describe('preview', () => {
  test('shows who gets what and writes nothing', async () => {
    const dealership = await makeDealership();
    await onlyRules(dealership._id, 'birthday');
    const manager = await makeStaff('manager', dealership._id);
    const birthday = { calendar: 'solar', date: '1988-09-09' };
    await makeBoundCustomer(ctx, dealership._id, { name: '有订阅', birthday }, { accept: ['TPL_BIRTHDAY'] });
    await makeBoundCustomer(ctx, dealership._id, { name: '无订阅', birthday }, {});
    await makeCustomer(dealership._id, { name: '未绑定', birthday });
    const before = ctx.sandbox.state.messages().length;
    const res = await ctx
      .http()
      .post('/api/care/preview')
      .set(manager.auth)
      .send({ date: '2025-09-09' })
      .expect(200);
    const rule = res.body.rules.find((r: { name: string }) => r.name === '生日祝福');
    expect(rule).toMatchObject({
      total: 3,
      occasionDate: '2025-09-09',
      outcomes: { wechat: 1, inbox_only: 1, skipped: 1 }
    });
    const outcome = Object.fromEntries(
      res.body.items.map((i: { customerName: string; outcome: string; reason: string | null }) => [
        i.customerName,
        [i.outcome, i.reason]
      ])
    );
    expect(outcome).toEqual({
      有订阅: ['wechat', null],
      无订阅: ['inbox_only', 'no_quota'],
      未绑定: ['skipped', 'no_binding']
    });
    expect(await CareDispatch.countDocuments({ dealershipId: dealership._id })).toBe(0);
    expect(ctx.sandbox.state.messages().length).toBe(before);
    const bad = await ctx.http().post('/api/care/preview').set(manager.auth).send({ date: '2025-02-30' });
    expect(bad.status).toBe(400);
    const advisor = await makeStaff('advisor', dealership._id);
    expect(
      (await ctx.http().post('/api/care/preview').set(advisor.auth).send({ date: '2025-09-09' })).status
    ).toBe(403);
  });
});
