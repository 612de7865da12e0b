import { DueEvent } from '../../server/src/modules/due/due-event.model';
import { refreshDealershipDue } from '../../server/src/modules/due/due-refresh.service';
import { makeDealership, makeStaff } from '../support/factories';
import { startTestApp, type TestContext } from '../support/harness';
import { dueFixture, TODAY, useDueClock } from './due-support';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());
useDueClock();

const url = (id: string) => `/api/dealerships/${id}/due-settings`;

describe('due settings', () => {
  test('defaults on first read, for every role that reads them; intervals are the dealership settings', async () => {
    const f = await dueFixture();
    for (const role of ['advisor', 'marketing', 'manager'] as const) {
      const staff = await makeStaff(role, f.dealership._id);
      const res = await ctx.http().get(url(f.dealershipId)).set(staff.auth).expect(200);
      expect(res.body).toMatchObject({
        controlGroupPercent: 10,
        firstMaintenance: { months: 3, km: 5_000 },
        regularMaintenance: { months: 6, km: 5_000 },
        leadDays: { regular_maintenance: 14, insurance: 30 },
        projection: { defaultKmPerDay: { private: 27, official: 40, commercial: 200 } },
        bySeries: {}
      });
    }
  });

  test('a manager replaces them; the intervals land in the dealership settings; a refresh uses them', async () => {
    const f = await dueFixture();
    const current = (await ctx.http().get(url(f.dealershipId)).set(f.manager.auth).expect(200)).body;
    const next = {
      ...current,
      regularMaintenance: { months: 5, km: 7_500 },
      bySeries: { 帕萨特: { regularMaintenance: { months: 4, km: 6_000 } } },
      leadDays: { ...current.leadDays, regular_maintenance: 30 },
      controlGroupPercent: 0
    };
    const saved = await ctx.http().put(url(f.dealershipId)).set(f.manager.auth).send(next).expect(200);
    expect(saved.body).toEqual(next);
    expect((await ctx.http().get(url(f.dealershipId)).set(f.advisor.auth).expect(200)).body).toEqual(next);
    const dealer = await ctx
      .http()
      .get(`/api/dealerships/${f.dealershipId}/settings`)
      .set(f.manager.auth)
      .expect(200);
    expect(dealer.body.regularMaintenance).toEqual({ months: 5, km: 7_500 });

    await refreshDealershipDue(f.dealershipId, TODAY);
    // The 帕萨特's own interval: 定保 2026-06-01 + 4 months; reminded from 30 days before.
    const event = await DueEvent.findOne({
      vehicleId: f.vehicle._id,
      type: 'regular_maintenance',
      current: true
    }).lean();
    expect(event).toMatchObject({
      dueDate: '2026-10-01',
      remindFrom: '2026-09-01',
      dueMileage: 36_000,
      controlGroup: false
    });
  });

  test.each([
    ['a control group over 50%', { controlGroupPercent: 51 }, 'body.controlGroupPercent'],
    ['negative lead days', { leadDays: { first_maintenance: -1 } }, 'body.leadDays'],
    [
      'an interval below the dealership minimum',
      { firstMaintenance: { months: 3, km: 200 } },
      'body.firstMaintenance.km'
    ],
    ['an unknown field', { reminderHour: 9 }, 'body'],
    [
      'an inspection rule without an open-ended last stage',
      {
        inspection: {
          private: {
            stages: [{ untilYears: 10, everyMonths: 24 }],
            exemptUntilYears: 10,
            onSiteAtYears: [6]
          },
          official: {
            stages: [{ untilYears: null, everyMonths: 12 }],
            exemptUntilYears: 0,
            onSiteAtYears: []
          },
          commercial: {
            stages: [{ untilYears: null, everyMonths: 6 }],
            exemptUntilYears: 0,
            onSiteAtYears: []
          }
        }
      },
      'body.inspection.private'
    ],
    [
      'a series override with a blank name',
      { bySeries: { ' ': { firstMaintenance: { months: 3, km: 5000 } } } },
      'body.bySeries'
    ],
    [
      'a projection window shorter than its span',
      { projection: { windowMonths: 6, preferredSpanMonths: 12 } },
      'body.projection'
    ]
  ])('refuses %s with a 400 naming the field, and changes nothing', async (_what, patch, path) => {
    const f = await dueFixture();
    const before = (await ctx.http().get(url(f.dealershipId)).set(f.manager.auth).expect(200)).body;
    const res = await ctx
      .http()
      .put(url(f.dealershipId))
      .set(f.manager.auth)
      .send({ ...before, ...patch })
      .expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.issues.map((i: { path: string }) => i.path).join(' ')).toContain(path);
    expect((await ctx.http().get(url(f.dealershipId)).set(f.manager.auth).expect(200)).body).toEqual(before);
  });

  test('advisors and marketing may not change them; nobody reaches another dealership', async () => {
    const f = await dueFixture();
    const before = (await ctx.http().get(url(f.dealershipId)).set(f.manager.auth).expect(200)).body;
    for (const role of ['advisor', 'marketing'] as const) {
      const staff = await makeStaff(role, f.dealership._id);
      await ctx
        .http()
        .put(url(f.dealershipId))
        .set(staff.auth)
        .send({ ...before, controlGroupPercent: 20 })
        .expect(403);
    }
    const elsewhere = await makeStaff('manager', (await makeDealership())._id);
    await ctx.http().get(url(f.dealershipId)).set(elsewhere.auth).expect(403);
    await ctx
      .http()
      .put(url(f.dealershipId))
      .set(elsewhere.auth)
      .send({ ...before, controlGroupPercent: 20 })
      .expect(403);
    await ctx.http().get(url(f.dealershipId)).expect(401);
    const admin = await makeStaff('group_admin', null);
    await ctx.http().get(url('0123456789abcdef01234567')).set(admin.auth).expect(404);
    expect((await ctx.http().get(url(f.dealershipId)).set(f.manager.auth).expect(200)).body).toEqual(before);
  });
});
