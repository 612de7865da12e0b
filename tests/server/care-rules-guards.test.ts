import { clock } from '../../server/src/lib/clock';
import { runJobNow } from '../../server/src/lib/jobs';
import { CareRule } from '../../server/src/modules/care/care-rule.model';
import { dispatchesWithStatus } from '../../server/src/modules/care/care-dispatch.service';
import { startTestApp, type TestContext } from '../support/harness';
import { makeDealership, makeStaff } from '../support/factories';
import { CARE_SANDBOX_TEMPLATES, makeBoundCustomer, onlyRules, shanghai } from '../support/care-fixtures';

/** Care rule edits: concurrent edits of different fields all stay; marketing needs consent. */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp({}, { templates: CARE_SANDBOX_TEMPLATES });
});
afterAll(() => ctx.close());
afterEach(() => clock.set(null));

const birthdayRule = {
  name: '会员生日',
  occasion: 'birthday',
  audience: { tiers: [], includeUntiered: true, segmentId: null, consentRequired: true },
  channel: {
    kind: 'subscribe',
    templateId: 'TPL_BIRTHDAY',
    data: { thing1: '{name}，生日快乐', date2: '{date}', thing3: '{dealership}' }
  },
  message: { title: '生日快乐', body: '{name}您好，祝您生日快乐！' },
  leadDays: 0
};

test('concurrent edits of different fields of one rule all survive', async () => {
  const dealership = await makeDealership();
  const marketing = await makeStaff('marketing', dealership._id);
  const manager = await makeStaff('manager', dealership._id);
  const id = (await ctx.http().post('/api/care/rules').set(marketing.auth).send(birthdayRule).expect(201))
    .body.id as string;
  for (let round = 1; round <= 3; round++) {
    const edits = {
      name: `会员生日${round}`,
      leadDays: round,
      sendWindow: { start: `0${round}:00`, end: '21:00' },
      everyMonths: round + 1,
      enabled: round % 2 === 0,
      message: { title: `生日快乐${round}`, body: '{name}您好！' },
      plan: round === 2 ? 'key' : 'routine'
    };
    const answers = await Promise.all(
      Object.entries(edits).map(([key, value], i) =>
        ctx
          .http()
          .patch(`/api/care/rules/${id}`)
          .set(i % 2 ? manager.auth : marketing.auth)
          .send({ [key]: value })
      )
    );
    expect(answers.map((a) => a.status)).toEqual(Array(answers.length).fill(200));
    const rule = (await ctx.http().get('/api/care/rules').set(marketing.auth).expect(200)).body.items.find(
      (r: { id: string }) => r.id === id
    );
    expect(rule).toMatchObject(edits);
  }
});

describe('marketing consent', () => {
  test('a greeting, win-back or anniversary rule cannot skip consent: 422, nothing changed', async () => {
    const dealership = await makeDealership();
    const marketing = await makeStaff('marketing', dealership._id);
    const noConsent = { ...birthdayRule.audience, consentRequired: false };
    const refused = await ctx
      .http()
      .post('/api/care/rules')
      .set(marketing.auth)
      .send({ ...birthdayRule, audience: noConsent });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('CARE_CONSENT_REQUIRED');
    expect(refused.body.error.message).toMatch(/同意/);
    expect(await CareRule.countDocuments({ dealershipId: dealership._id, name: birthdayRule.name })).toBe(0);

    const rules = (await ctx.http().get('/api/care/rules').set(marketing.auth).expect(200)).body.items as {
      id: string;
      name: string;
      audience: object;
    }[];
    for (const name of ['生日祝福', '春节问候', '购车周年']) {
      const rule = rules.find((r) => r.name === name)!;
      const patched = await ctx
        .http()
        .patch(`/api/care/rules/${rule.id}`)
        .set(marketing.auth)
        .send({ audience: { ...rule.audience, consentRequired: false } });
      expect(patched.status).toBe(422);
      expect(patched.body.error.code).toBe('CARE_CONSENT_REQUIRED');
    }
    // A win-back call made by the advisor is not a message to the owner; turning it into one needs consent.
    const winback = rules.find((r) => r.name === '流失预警挽回')!;
    const asMessage = await ctx
      .http()
      .patch(`/api/care/rules/${winback.id}`)
      .set(marketing.auth)
      .send({ channel: { kind: 'inbox' } });
    expect(asMessage.status).toBe(422);
    const after = (await ctx.http().get('/api/care/rules').set(marketing.auth).expect(200)).body.items;
    expect(after).toEqual(rules);
  });

  test('a stored rule that skips consent still sends no WeChat greeting to an owner without consent', async () => {
    const dealership = await makeDealership();
    await onlyRules(dealership._id, 'birthday');
    // Written around the service (an older rule, or a direct database edit).
    await CareRule.updateOne(
      { dealershipId: dealership._id, seedKey: 'default:birthday' },
      { $set: { 'audience.consentRequired': false } }
    );
    const birthday = { calendar: 'solar', date: '1980-03-08' };
    const withoutConsent = await makeBoundCustomer(
      ctx,
      dealership._id,
      { birthday },
      { accept: ['TPL_BIRTHDAY'], consent: false }
    );
    const withConsent = await makeBoundCustomer(
      ctx,
      dealership._id,
      { birthday },
      { accept: ['TPL_BIRTHDAY'], consent: true }
    );
    clock.set(() => shanghai('2025-03-08', '12:00'));
    await runJobNow('care-daily', {
      deps: ctx.deps,
      date: '2025-03-08',
      options: { dealership: String(dealership._id) }
    });
    const byCustomer = new Map(
      (await dispatchesWithStatus({ dealershipId: dealership._id })).map((d) => [String(d.customerId), d])
    );
    expect(byCustomer.get(String(withoutConsent.customerId))).toMatchObject({
      status: 'inbox_only',
      reason: 'no_consent'
    });
    expect(byCustomer.get(String(withConsent.customerId))).toMatchObject({ status: 'sent' });
    expect(ctx.sandbox.state.messages({ touser: withoutConsent.openid })).toEqual([]);
    expect(ctx.sandbox.state.messages({ touser: withConsent.openid })).toHaveLength(1);
  });
});
