import mongoose, { Types } from 'mongoose';
import { kpiResponse } from '@dealer/shared';
import { makeDealership, makeStaff, type StaffLogin } from '../support/factories';
import { startTestApp, type TestContext } from '../support/harness';
import { bindingEvent, customer, shanghai, unpaid, visit } from './kpis.fixtures';

/** Each docs/metrics.md worked example, built as a fixture dealership and read through the API. */

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

async function dealershipWithManager(): Promise<{ id: Types.ObjectId; manager: StaffLogin }> {
  const d = await makeDealership();
  return { id: d._id, manager: await makeStaff('manager', d._id) };
}

async function kpis(manager: StaffLogin, query: string) {
  const res = await ctx.http().get(`/api/kpis?${query}`).set(manager.auth).expect(200);
  // The answer is what the shared schema (and so the mini-program) says it is.
  expect(kpiResponse.safeParse(res.body).success).toBe(true);
  return res.body;
}

describe('binding rate (metrics.md §1)', () => {
  it('bound at the end of the period among customers who visited in the last 12 months', async () => {
    const { id, manager } = await dealershipWithManager();
    const b1 = await customer(id);
    await visit(b1, '2025-03-01');
    await bindingEvent(b1, 'bind', '2025-03-01T10:00:00+08:00');
    const b2 = await customer(id);
    await visit(b2, '2025-04-01', unpaid);
    const b3 = await customer(id);
    await visit(b3, '2024-12-01');
    await bindingEvent(b3, 'bind', '2025-01-05T10:00:00+08:00');
    await bindingEvent(b3, 'unbind', '2025-05-10T10:00:00+08:00');
    const b4 = await customer(id);
    await visit(b4, '2025-02-01');
    await bindingEvent(b4, 'bind', '2025-02-01T10:00:00+08:00');
    await bindingEvent(b4, 'unbind', '2025-03-01T10:00:00+08:00');
    await bindingEvent(b4, 'bind', '2025-06-30T23:30:00+08:00');
    const b5 = await customer(id);
    await visit(b5, '2024-06-30');
    await bindingEvent(b5, 'bind', '2024-07-01T10:00:00+08:00');
    const b6 = await customer(id);
    await visit(b6, '2025-06-15');
    await bindingEvent(b6, 'bind', '2025-07-01T00:10:00+08:00');
    // Bound before the event log existed: no events, only the archive's state.
    const b8 = await customer(id, { ownerId: new Types.ObjectId(), boundAt: shanghai('2025-01-01') });
    await visit(b8, '2025-05-01');

    const body = await kpis(manager, 'month=2025-06');
    expect(body.period).toEqual({
      from: '2025-06-01',
      to: '2025-06-30',
      asOf: '2025-06-30',
      month: '2025-06'
    });
    expect(body.kpis.bindingRate).toMatchObject({
      label: '绑定率',
      value: 0.5,
      numerator: 3,
      denominator: 6,
      boundCustomers: 4,
      newBindings: 1
    });
    expect(body.kpis.bindingRate.hint).toContain('近12个月');

    // A day earlier B4 is not bound yet (its re-bind is on 30 June) and B5's 2024-06-30 visit is
    // within the last 12 months.
    const earlier = await kpis(manager, 'from=2025-05-01&to=2025-06-29');
    expect(earlier.kpis.bindingRate).toMatchObject({
      value: 0.4286,
      numerator: 3,
      denominator: 7,
      boundCustomers: 3,
      newBindings: 0
    });
  });
});

describe('retention, churn, at-risk, lost and repeat visits (metrics.md §3–5)', () => {
  it('reproduces the worked example: edges of the 6- and 12-month windows, tiers set on the archives', async () => {
    const { id, manager } = await dealershipWithManager();
    const c1 = await customer(id, { tier: 'A' });
    await visit(c1, '2024-03-10');
    await visit(c1, '2025-05-20');
    await visit(c1, '2025-05-20');
    await visit(await customer(id, { tier: 'A' }), '2024-06-30');
    const c3 = await customer(id, { tier: 'B' });
    await visit(c3, '2023-07-01');
    await visit(c3, '2024-07-01');
    const c4 = await customer(id, { tier: 'B' });
    await visit(c4, '2024-01-15');
    await visit(c4, '2025-03-01', unpaid);
    const c5 = await customer(id, { tier: 'C' });
    await visit(c5, '2024-07-05');
    await visit(c5, '2024-12-31');
    await visit(await customer(id, { tier: 'C' }), '2024-12-30');
    const c7 = await customer(id, { tier: 'D' });
    await visit(c7, '2023-06-30');
    await visit(c7, '2025-01-10');
    const c8 = await customer(id);
    await visit(c8, '2023-12-01');
    await visit(c8, '2025-06-30');
    await visit(await customer(id, { tier: 'C' }), '2025-06-01', unpaid);

    const { kpis: k } = await kpis(manager, 'month=2025-06');
    expect(k.retention).toMatchObject({ label: '保有率', value: 0.6, numerator: 3, denominator: 5 });
    expect(k.retention.byTier).toEqual({
      A: { value: 0.5, numerator: 1, denominator: 2 },
      B: { value: 0.5, numerator: 1, denominator: 2 },
      C: { value: null, numerator: 0, denominator: 0 },
      D: { value: null, numerator: 0, denominator: 0 },
      none: { value: 1, numerator: 1, denominator: 1 }
    });
    expect(k.churn).toMatchObject({ label: '流失率', value: 0.4, numerator: 2, denominator: 5 });
    expect(k.churn.byTier.A).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
    expect(k.churnAB).toMatchObject({ label: 'A/B类客户流失率', value: 0.5, numerator: 2, denominator: 4 });
    expect(k.atRisk).toMatchObject({
      label: '准流失客户数',
      count: 2,
      byTier: { A: 0, B: 1, C: 1, D: 0, none: 0 }
    });
    expect(k.lost).toMatchObject({
      label: '流失客户数',
      count: 2,
      byTier: { A: 1, B: 1, C: 0, D: 0, none: 0 }
    });
    expect(k.repeatVisitRate).toMatchObject({ value: 0.1667, numerator: 1, denominator: 6 });
    expect(k.tierDistribution).toMatchObject({
      source: 'current',
      counts: { A: 2, B: 2, C: 3, D: 1, none: 1 }
    });
    expect(k.tierMovement).toMatchObject({ label: '等级异动', available: false, matrix: null });
    // No surveys or complaints in this fixture (aftercare-kpis.test.ts measures them).
    expect(k.satisfaction).toMatchObject({ label: '满意度', answers: 0, average: null, byAdvisor: [] });
    expect(k.complaintResponse).toMatchObject({
      opened: 0,
      avgResponseMinutes: null,
      avgResolutionMinutes: null
    });

    // One day later the edges move: C5 (last paid 2024-12-31) becomes at-risk, C3 (2024-07-01)
    // becomes lost and, its 2024-07-01 visit now in the previous window, is no longer retained.
    const july1 = await kpis(manager, 'from=2025-07-01&to=2025-07-01');
    expect(july1.kpis.atRisk).toMatchObject({ count: 2, byTier: { A: 0, B: 0, C: 2, D: 0, none: 0 } });
    expect(july1.kpis.lost).toMatchObject({ count: 3, byTier: { A: 1, B: 2, C: 0, D: 0, none: 0 } });
    expect(july1.kpis.retention).toMatchObject({ numerator: 2, denominator: 5 });
  });
});

describe('prospect conversion (metrics.md §6)', () => {
  it('prospects created in the last 12 months who had a paid visit on or after creation', async () => {
    const { id, manager } = await dealershipWithManager();
    const prospect = (created: string, fields: Record<string, unknown> = {}) =>
      customer(id, { isProspect: true, source: 'wechat_binding', createdAt: shanghai(created), ...fields });
    await visit(await prospect('2025-01-10'), '2025-02-01');
    await visit(await prospect('2025-03-01'), '2025-03-05', unpaid);
    await prospect('2025-05-01');
    await visit(await prospect('2024-05-01'), '2025-01-01');
    await visit(await prospect('2025-04-01', { isProspect: false }), '2025-04-15');
    await prospect('2025-07-05');
    await visit(await prospect('2025-02-10'), '2025-02-01');
    // A DMS customer with a paid visit is not a prospect.
    await visit(await customer(id, { createdAt: shanghai('2025-02-01') }), '2025-03-01');

    const { kpis: k } = await kpis(manager, 'month=2025-06');
    expect(k.prospectConversion).toMatchObject({
      label: '潜客转化率',
      value: 0.4,
      numerator: 2,
      denominator: 5
    });
  });
});

describe('tier distribution and movement (metrics.md §7)', () => {
  it('reads the tier history: tiers in force before and at the end of the month', async () => {
    const { id, manager } = await dealershipWithManager();
    const history = mongoose.connection.db!.collection('tier_history');
    const entry = (c: { _id: Types.ObjectId }, date: string, fromTier: string | null, toTier: string) => ({
      dealershipId: id,
      customerId: c._id,
      date,
      fromTier,
      toTier,
      score: null,
      decidedBy: 'quota'
    });
    const t1 = await customer(id, { tier: 'A', createdAt: shanghai('2025-01-01') });
    const t2 = await customer(id, { tier: 'D', createdAt: shanghai('2025-01-01') });
    const t3 = await customer(id, { tier: 'B', createdAt: shanghai('2025-01-01') });
    const t4 = await customer(id, { tier: 'D', createdAt: shanghai('2025-01-01') });
    await customer(id, { tier: 'C', createdAt: shanghai('2025-01-01') });
    await history.insertMany([
      entry(t1, '2025-01-01', null, 'C'),
      entry(t1, '2025-06-10', 'C', 'A'),
      entry(t2, '2025-01-01', null, 'B'),
      entry(t2, '2025-07-03', 'B', 'D'),
      entry(t3, '2025-01-01', null, 'A'),
      entry(t3, '2025-06-05', 'A', 'B'),
      entry(t4, '2025-06-15', null, 'D')
    ]);

    const { kpis: k } = await kpis(manager, 'month=2025-06');
    expect(k.tierDistribution).toMatchObject({
      source: 'history',
      counts: { A: 1, B: 2, C: 1, D: 1, none: 0 }
    });
    expect(k.tierMovement.available).toBe(true);
    const m = k.tierMovement.matrix;
    expect({
      upgraded: m.upgraded,
      downgraded: m.downgraded,
      unchanged: m.unchanged,
      added: m.added,
      removed: m.removed
    }).toEqual({
      upgraded: 1,
      downgraded: 1,
      unchanged: 2,
      added: 1,
      removed: 0
    });
    expect(m.counts.C.A).toBe(1);
    expect(m.counts.B.B).toBe(1);
    expect(m.counts.A.B).toBe(1);
    expect(m.counts.none.D).toBe(1);
    expect(m.counts.C.C).toBe(1);
  });
});
