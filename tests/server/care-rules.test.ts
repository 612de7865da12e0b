import { CareRule } from '../../server/src/modules/care/care-rule.model';
import { startTestApp, type TestContext } from '../support/harness';
import { makeDealership, makeStaff } from '../support/factories';
import { CARE_SANDBOX_TEMPLATES } from '../support/care-fixtures';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp({}, { templates: CARE_SANDBOX_TEMPLATES });
});
afterAll(() => ctx.close());

const birthdayRule = {
  name: '会员生日',
  occasion: 'birthday',
  audience: { tiers: ['A', 'B'], includeUntiered: false, segmentId: null, consentRequired: true },
  channel: {
    kind: 'subscribe',
    templateId: 'TPL_BIRTHDAY',
    data: { thing1: '{name}，生日快乐', date2: '{date}', thing3: '{dealership}' }
  },
  message: { title: '生日快乐', body: '{name}您好，祝您生日快乐！' },
  leadDays: 1
};

describe('care rules', () => {
  test('a new dealership starts with the default plan, seeded once even under concurrent first use', async () => {
    const dealership = await makeDealership();
    const manager = await makeStaff('manager', dealership._id);
    const lists = await Promise.all(
      [1, 2, 3].map(() => ctx.http().get('/api/care/rules').set(manager.auth).expect(200))
    );
    const names = lists[0].body.items.map((r: { name: string }) => r.name);
    expect(names).toEqual(
      expect.arrayContaining([
        '生日祝福',
        '春节问候',
        '中秋节问候',
        '端午节问候',
        '购车周年',
        '重点客户季度回访',
        '春节拜访',
        '流失预警挽回'
      ])
    );
    for (const l of lists) expect(l.body.items).toHaveLength(names.length);
    expect(await CareRule.countDocuments({ dealershipId: dealership._id })).toBe(names.length);
    const quarterly = lists[0].body.items.find((r: { name: string }) => r.name === '重点客户季度回访');
    expect(quarterly).toMatchObject({
      plan: 'key',
      occasion: 'tier_touchpoint',
      everyMonths: 3,
      audience: { tiers: ['A', 'B'] },
      channel: { kind: 'advisor_task', task: 'quarterly_call' },
      isDefault: true
    });
    const birthday = lists[0].body.items.find((r: { name: string }) => r.name === '生日祝福');
    expect(birthday).toMatchObject({
      sendWindow: { start: '09:00', end: '21:00' },
      audience: { consentRequired: true, tiers: [] },
      channel: { kind: 'subscribe', templateId: 'TPL_BIRTHDAY' }
    });
  });

  test('managers and marketing add, change and remove rules; a removed default stays removed', async () => {
    const dealership = await makeDealership();
    const marketing = await makeStaff('marketing', dealership._id);
    const created = await ctx
      .http()
      .post('/api/care/rules')
      .set(marketing.auth)
      .send(birthdayRule)
      .expect(201);
    expect(created.body).toMatchObject({
      name: '会员生日',
      plan: 'all',
      leadDays: 1,
      enabled: true,
      isDefault: false,
      sendWindow: { start: '09:00', end: '21:00' }
    });
    const id = created.body.id as string;
    const changed = await ctx
      .http()
      .patch(`/api/care/rules/${id}`)
      .set(marketing.auth)
      .send({ enabled: false, sendWindow: { start: '10:00', end: '20:30' } })
      .expect(200);
    expect(changed.body).toMatchObject({
      enabled: false,
      sendWindow: { start: '10:00', end: '20:30' },
      name: '会员生日'
    });
    const inbox = await ctx
      .http()
      .patch(`/api/care/rules/${id}`)
      .set(marketing.auth)
      .send({ channel: { kind: 'inbox' } })
      .expect(200);
    expect(inbox.body.channel).toEqual({ kind: 'inbox' });

    const list = (await ctx.http().get('/api/care/rules').set(marketing.auth).expect(200)).body.items;
    const spring = list.find((r: { name: string }) => r.name === '春节问候');
    await ctx.http().delete(`/api/care/rules/${spring.id}`).set(marketing.auth).expect(204);
    await ctx.http().delete(`/api/care/rules/${id}`).set(marketing.auth).expect(204);
    const after = (await ctx.http().get('/api/care/rules').set(marketing.auth).expect(200)).body.items.map(
      (r: { name: string }) => r.name
    );
    expect(after).not.toContain('春节问候');
    expect(after).not.toContain('会员生日');
    expect(
      (await ctx.http().patch(`/api/care/rules/${id}`).set(marketing.auth).send({ enabled: true })).status
    ).toBe(404);
  });

  test('bad rules are refused with the reason and change nothing', async () => {
    const dealership = await makeDealership();
    const manager = await makeStaff('manager', dealership._id);
    await ctx.http().get('/api/care/rules').set(manager.auth).expect(200);
    const before = await CareRule.countDocuments({ dealershipId: dealership._id });
    const post = (body: object) => ctx.http().post('/api/care/rules').set(manager.auth).send(body);
    const cases: Array<[object, number, string]> = [
      [{ ...birthdayRule, occasion: 'festival:halloween' }, 400, 'VALIDATION_FAILED'],
      [{ ...birthdayRule, leadDays: -1 }, 400, 'VALIDATION_FAILED'],
      [{ ...birthdayRule, sendWindow: { start: '09:00', end: '09:00' } }, 400, 'VALIDATION_FAILED'],
      [{ ...birthdayRule, sendWindow: { start: '9:00', end: '21:00' } }, 400, 'VALIDATION_FAILED'],
      [{ ...birthdayRule, message: { title: '{nickname}', body: 'x' } }, 400, 'VALIDATION_FAILED'],
      [{ ...birthdayRule, audience: { ...birthdayRule.audience, tiers: ['E'] } }, 400, 'VALIDATION_FAILED'],
      [
        { ...birthdayRule, channel: { kind: 'subscribe', templateId: 'TPL_NOPE', data: { thing1: 'x' } } },
        422,
        'CARE_TEMPLATE_UNKNOWN'
      ],
      [
        {
          ...birthdayRule,
          channel: {
            kind: 'subscribe',
            templateId: 'TPL_BIRTHDAY',
            data: { thing1: '{name}', date2: '{date}' }
          }
        },
        422,
        'CARE_TEMPLATE_MISMATCH'
      ],
      [
        { ...birthdayRule, audience: { ...birthdayRule.audience, segmentId: '0123456789abcdef01234567' } },
        422,
        'SEGMENT_NOT_FOUND'
      ],
      [{ ...birthdayRule, extra: true }, 400, 'VALIDATION_FAILED']
    ];
    for (const [body, status, code] of cases) {
      const res = await post(body);
      expect({ status: res.status, code: res.body.error?.code }).toEqual({ status, code });
    }
    const mismatch = await post(cases[7][0]);
    expect(mismatch.body.error.details).toEqual({
      expected: ['date2', 'thing1', 'thing3'],
      got: ['date2', 'thing1']
    });
    expect(await CareRule.countDocuments({ dealershipId: dealership._id })).toBe(before);
  });

  test('who may do what', async () => {
    const dealership = await makeDealership();
    const other = await makeDealership();
    const advisor = await makeStaff('advisor', dealership._id);
    const marketing = await makeStaff('marketing', dealership._id);
    const admin = await makeStaff('group_admin', null);
    expect((await ctx.http().get('/api/care/rules').set(advisor.auth)).status).toBe(403);
    expect((await ctx.http().post('/api/care/rules').set(advisor.auth).send(birthdayRule)).status).toBe(403);
    expect(
      (
        await ctx
          .http()
          .get('/api/care/rules')
          .query({ dealershipId: String(other._id) })
          .set(marketing.auth)
      ).status
    ).toBe(403);
    expect((await ctx.http().get('/api/care/rules').set(admin.auth)).status).toBe(400);
    await ctx
      .http()
      .get('/api/care/rules')
      .query({ dealershipId: String(other._id) })
      .set(admin.auth)
      .expect(200);
    expect((await ctx.http().get('/api/care/rules')).status).toBe(401);
  });

  test('templates: everyone on staff reads them, managers set the console ids', async () => {
    const dealership = await makeDealership();
    const manager = await makeStaff('manager', dealership._id);
    const marketing = await makeStaff('marketing', dealership._id);
    const read = await ctx.http().get('/api/care/templates').set(marketing.auth).expect(200);
    expect(read.body.templates.map((t: { templateId: string }) => t.templateId)).toEqual([
      'TPL_BIRTHDAY',
      'TPL_FESTIVAL',
      'TPL_CARE'
    ]);
    const templates = [
      { key: 'birthday', templateId: 'abcDEF123-birthday', title: '生日祝福', keywords: ['thing1', 'time2'] }
    ];
    expect((await ctx.http().put('/api/care/templates').set(marketing.auth).send({ templates })).status).toBe(
      403
    );
    expect(
      (
        await ctx
          .http()
          .put('/api/care/templates')
          .set(manager.auth)
          .send({ templates: [{ ...templates[0], keywords: ['bad'] }] })
      ).status
    ).toBe(400);
    const set = await ctx.http().put('/api/care/templates').set(manager.auth).send({ templates }).expect(200);
    expect(set.body.templates).toEqual(templates);
  });
});
