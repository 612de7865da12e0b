import { kpiTrendResponse } from '@dealer/shared';
import { clock } from '../../server/src/lib/clock';
import { makeDealership, makeStaff } from '../support/factories';
import { startTestApp, type TestContext } from '../support/harness';
import { bindingEvent, customer, maintenance, visit } from './kpis.fixtures';

/** Who may read the KPIs, scoping to one dealership, input errors, the monthly trend and its CSV. */

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());
afterEach(() => clock.set(null));

describe('access and scoping', () => {
  it("counts only the dealership's own data; advisors are refused; managers only their own store", async () => {
    const mine = await makeDealership('本店');
    const other = await makeDealership('他店');
    const manager = await makeStaff('manager', mine._id);
    const marketing = await makeStaff('marketing', mine._id);
    const advisor = await makeStaff('advisor', mine._id);
    const admin = await makeStaff('group_admin', null);
    // Mine: one retained customer. Other store: one lapsed customer, a due vehicle, a bound visitor.
    const a = await customer(mine._id, { tier: 'A' });
    await visit(a, '2024-03-01');
    await visit(a, '2025-03-01');
    await visit(await customer(other._id, { tier: 'A' }), '2024-03-01');
    const y = await customer(other._id);
    await visit(y, '2024-12-01', maintenance);
    await bindingEvent(y, 'bind', '2025-01-01T10:00:00+08:00');

    const own = await ctx.http().get('/api/kpis?month=2025-06').set(manager.auth).expect(200);
    expect(own.body.dealershipId).toBe(String(mine._id));
    expect(own.body.kpis.retention).toMatchObject({ numerator: 1, denominator: 1 });
    expect(own.body.kpis.churnAB).toMatchObject({ numerator: 0, denominator: 1 });
    expect(own.body.kpis.bindingRate).toMatchObject({ numerator: 0, denominator: 1, boundCustomers: 0 });
    expect(own.body.kpis.returnRate).toMatchObject({ due: 0 });
    expect(own.body.kpis.tierDistribution.counts).toEqual({ A: 1, B: 0, C: 0, D: 0, none: 0 });

    await ctx.http().get('/api/kpis?month=2025-06').set(marketing.auth).expect(200);
    const refused = await ctx.http().get('/api/kpis?month=2025-06').set(advisor.auth).expect(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    await ctx.http().get('/api/kpis/trend').set(advisor.auth).expect(403);
    await ctx.http().get('/api/kpis/export.csv').set(advisor.auth).expect(403);
    await ctx.http().get(`/api/kpis?month=2025-06&dealershipId=${other._id}`).set(manager.auth).expect(403);
    await ctx.http().get(`/api/kpis/export.csv?dealershipId=${other._id}`).set(marketing.auth).expect(403);
    await ctx.http().get('/api/kpis').expect(401);

    // The group admin picks a store, and must pick one.
    const picked = await ctx
      .http()
      .get(`/api/kpis?month=2025-06&dealershipId=${other._id}`)
      .set(admin.auth)
      .expect(200);
    expect(picked.body.kpis.retention).toMatchObject({ numerator: 0, denominator: 1 });
    expect(picked.body.kpis.bindingRate).toMatchObject({ numerator: 1, denominator: 1 });
    expect(picked.body.kpis.returnRate).toMatchObject({ due: 1, pending: 1 });
    expect(picked.body.kpis.lost.count).toBe(1);
    const none = await ctx.http().get('/api/kpis?month=2025-06').set(admin.auth).expect(400);
    expect(none.body.error.code).toBe('DEALERSHIP_REQUIRED');
    await ctx
      .http()
      .get('/api/kpis?month=2025-06&dealershipId=0123456789abcdef01234567')
      .set(admin.auth)
      .expect(404);
  });

  it('bad periods are clear 400s / 422s, never 500s', async () => {
    const d = await makeDealership();
    const manager = await makeStaff('manager', d._id);
    const bad = async (query: string, status: number, code: string) => {
      const res = await ctx.http().get(`/api/kpis?${query}`).set(manager.auth).expect(status);
      expect(res.body.error.code).toBe(code);
    };
    await bad('month=2025-13', 400, 'VALIDATION_FAILED');
    await bad('from=2025-02-30&to=2025-03-01', 400, 'VALIDATION_FAILED');
    await bad('from=2025-03-01', 400, 'VALIDATION_FAILED');
    await bad('from=2025-03-02&to=2025-03-01', 400, 'VALIDATION_FAILED');
    await bad('month=2025-03&from=2025-03-01&to=2025-03-02', 400, 'VALIDATION_FAILED');
    await bad('month=2025-03&extra=1', 400, 'VALIDATION_FAILED');
    await bad('month=2099-01', 422, 'PERIOD_IN_FUTURE');
    const trend = await ctx.http().get('/api/kpis/trend?months=0').set(manager.auth).expect(400);
    expect(trend.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('monthly trend and CSV export', () => {
  async function trendFixture() {
    const d = await makeDealership();
    const manager = await makeStaff('manager', d._id);
    const x = await customer(d._id);
    await visit(x, '2024-05-10');
    await visit(x, '2025-05-20');
    await bindingEvent(x, 'bind', '2025-06-10T10:00:00+08:00');
    await visit(await customer(d._id), '2024-06-05');
    await visit(await customer(d._id), '2025-07-01');
    return manager;
  }

  it('one point per calendar month, the current month measured as of today', async () => {
    const manager = await trendFixture();
    clock.set(() => new Date('2025-07-15T04:00:00Z'));
    const res = await ctx.http().get('/api/kpis/trend?months=3').set(manager.auth).expect(200);
    expect(kpiTrendResponse.safeParse(res.body).success).toBe(true);
    expect(res.body.labels.retention).toBe('保有率');
    const points = res.body.points;
    expect(points.map((p: { month: string; asOf: string }) => [p.month, p.asOf])).toEqual([
      ['2025-05', '2025-05-31'],
      ['2025-06', '2025-06-30'],
      ['2025-07', '2025-07-15']
    ]);
    expect(points.map((p: { retention: unknown }) => p.retention)).toEqual([
      { value: 1, numerator: 1, denominator: 1 },
      { value: 0.5, numerator: 1, denominator: 2 },
      { value: 0.5, numerator: 1, denominator: 2 }
    ]);
    expect(points.map((p: { bindingRate: { value: number } }) => p.bindingRate.value)).toEqual([0, 1, 0.5]);
    expect(points.map((p: { atRisk: number; lost: number }) => [p.atRisk, p.lost])).toEqual([
      [1, 0],
      [0, 1],
      [0, 1]
    ]);
    expect(points[2].tierDistribution).toEqual({ A: 0, B: 0, C: 0, D: 0, none: 3 });
    expect(points[2].tierMovement).toBeNull();
    // The same month through /api/kpis gives the same numbers.
    const june = await ctx.http().get('/api/kpis?month=2025-06').set(manager.auth).expect(200);
    expect(june.body.kpis.retention).toMatchObject(points[1].retention);
    expect(june.body.kpis.bindingRate).toMatchObject(points[1].bindingRate);
  });

  it('exports the series as UTF-8 CSV with a BOM: 月份 and one column per KPI', async () => {
    const manager = await trendFixture();
    clock.set(() => new Date('2025-07-15T04:00:00Z'));
    const res = await ctx
      .http()
      .get('/api/kpis/export.csv?months=3')
      .set(manager.auth)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('kpis-20250715.csv');
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8').slice(1).split('\r\n')).toEqual([
      '月份,统计截至,绑定率,回厂率,到期保养车辆数,保有率,流失率,A/B类客户流失率,准流失客户数,流失客户数,重复进厂率,潜客转化率,A类客户数,B类客户数,C类客户数,D类客户数,未分级客户数,等级上升人数,等级下降人数,满意度（平均分）,满意度答卷数,新增投诉数,平均受理时长（分钟）,平均解决时长（分钟）',
      '2025-05,2025-05-31,0.0%,,0,100.0%,0.0%,,1,0,0.0%,,0,0,0,0,3,,,,0,0,,',
      '2025-06,2025-06-30,100.0%,,0,50.0%,50.0%,,0,1,0.0%,,0,0,0,0,3,,,,0,0,,',
      '2025-07,2025-07-15,50.0%,,0,50.0%,50.0%,,0,1,0.0%,,0,0,0,0,3,,,,0,0,,',
      ''
    ]);
  });
});
