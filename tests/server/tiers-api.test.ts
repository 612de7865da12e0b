import { Types } from 'mongoose';
import { clock } from '../../server/src/lib/clock';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { loadSettings } from '../../server/src/modules/dealerships/dealership.service';
import { TierLease } from '../../server/src/modules/tiers/tier-claim';
import { TierHistory, TierRun } from '../../server/src/modules/tiers/tier.model';
import { runJobNow } from '../../server/src/lib/jobs';
import { startTestApp, type TestContext } from '../support/harness';
import { makeCustomer, makeDealership, makeStaff, type StaffLogin } from '../support/factories';
import { ASOF, ladder, tiersByName, waitForTierRun } from './tiers-fixtures';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

const waitForRun = (staff: StaffLogin, runId: string) => waitForTierRun(ctx, staff, runId);

describe('tier settings', () => {
  test('managers read and replace them; validation and roles', async () => {
    const d = await makeDealership();
    const other = await makeDealership();
    const manager = await makeStaff('manager', d._id);
    const marketing = await makeStaff('marketing', d._id);
    const advisor = await makeStaff('advisor', d._id);
    const admin = await makeStaff('group_admin', null);
    const path = `/api/dealerships/${d._id}/tier-settings`;

    const defaults = await ctx.http().get(path).set(marketing.auth).expect(200);
    expect(defaults.body).toMatchObject({
      method: '4s',
      lookbackMonths: 24,
      assignment: 'quota',
      quota: { A: 5, B: 15, C: 50, D: 30 },
      hysteresisPoints: 3,
      noVisitTier: 'D'
    });
    expect((await ctx.http().get(path).set(advisor.auth)).status).toBe(403);
    expect((await ctx.http().put(path).set(marketing.auth).send({})).status).toBe(403);

    const saved = await ctx
      .http()
      .put(path)
      .set(manager.auth)
      .send({
        method: 'general',
        assignment: 'thresholds',
        thresholds: { bySeries: { 帕萨特: { A: 85, B: 65, C: 35 } } }
      })
      .expect(200);
    expect(saved.body).toMatchObject({
      method: 'general',
      assignment: 'thresholds',
      weightsGeneral: { contractAmount: 40, profit: 40, frequency: 20 }
    });
    expect((await loadSettings(d._id)).tiers.thresholds.bySeries['帕萨特']).toEqual({ A: 85, B: 65, C: 35 });

    const bad: object[] = [
      { weights4s: { avgTicket: 40, visitCount: 30, visitInterval: 20 } },
      { quota: { A: 50, B: 50, C: 50, D: 50 } },
      { thresholds: { default: { A: 50, B: 60, C: 30 } } },
      { thresholds: { bySeries: { 'ID.4': { A: 80, B: 60, C: 30 } } } },
      { method: 'magic' },
      { hysteresisPoints: 2.5 },
      { colour: 'red' }
    ];
    for (const body of bad) {
      const res = await ctx.http().put(path).set(manager.auth).send(body);
      expect({ body, status: res.status, code: res.body.error?.code }).toEqual({
        body,
        status: 400,
        code: 'VALIDATION_FAILED'
      });
    }
    expect((await loadSettings(d._id)).tiers.method).toBe('general');
    expect(
      (await ctx.http().get(`/api/dealerships/${other._id}/tier-settings`).set(manager.auth)).status
    ).toBe(403);
    await ctx.http().get(`/api/dealerships/${other._id}/tier-settings`).set(admin.auth).expect(200);
  });
});

describe('recompute on demand', () => {
  test('starts in the background, is polled to the end, and refuses while another run holds the dealership', async () => {
    const d = await makeDealership();
    const manager = await makeStaff('manager', d._id);
    await ladder(d._id, 4, '帕萨特', 'R');
    const started = await ctx.http().post('/api/tiers/recompute').set(manager.auth).send({ asOf: ASOF });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'running', asOf: ASOF, seq: 1, trigger: 'manual' });
    const done = await waitForRun(manager, started.body.id);
    expect(done).toMatchObject({
      status: 'done',
      customers: 4,
      changed: 4,
      historyEntries: 4,
      counts: { A: 0, B: 1, C: 2, D: 1 },
      classesChanged: 4
    });
    expect(done.movement.counts.none).toMatchObject({ B: 1, C: 2, D: 1 });
    // The other classes ran after the tiers: R00 (tier B, 5 paid visits this year) is loyal.
    const lifecycles = await Customer.find({ dealershipId: d._id }, { name: 1, lifecycle: 1 })
      .sort({ name: 1 })
      .lean();
    expect(lifecycles.map((c) => c.lifecycle)).toEqual(['loyal', 'ordinary', 'ordinary', 'ordinary']);

    // The same day again (after a settings change, say): a second run of the day.
    const again = await ctx
      .http()
      .post('/api/tiers/recompute')
      .set(manager.auth)
      .send({ asOf: ASOF })
      .expect(202);
    expect(again.body.seq).toBe(2);
    expect((await waitForRun(manager, again.body.id)).historyEntries).toBe(0);

    // Another instance is running this dealership: refused, nothing started.
    await TierLease.create({ _id: `tiers-lease:${d._id}`, runId: 'tiers:elsewhere', renewedAt: clock.now() });
    const refused = await ctx.http().post('/api/tiers/recompute').set(manager.auth).send({});
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('TIER_RUN_IN_PROGRESS');
    expect(await TierRun.countDocuments({ dealershipId: d._id })).toBe(2);
    // …until its lease goes stale (the process died): then the run is taken over.
    await TierLease.updateOne(
      { _id: `tiers-lease:${d._id}` },
      { $set: { renewedAt: new Date(Date.now() - 3_600_000) } }
    );
    const takeover = await ctx
      .http()
      .post('/api/tiers/recompute')
      .set(manager.auth)
      .send({ asOf: '2025-07-01' })
      .expect(202);
    expect((await waitForRun(manager, takeover.body.id)).status).toBe('done');
  });

  test('roles and dealership scoping', async () => {
    const d = await makeDealership();
    const marketing = await makeStaff('marketing', d._id);
    const advisor = await makeStaff('advisor', d._id);
    const admin = await makeStaff('group_admin', null);
    const managerOther = await makeStaff('manager', (await makeDealership())._id);
    expect((await ctx.http().post('/api/tiers/recompute').set(marketing.auth).send({})).status).toBe(403);
    expect((await ctx.http().get('/api/tiers/summary').set(advisor.auth)).status).toBe(403);
    const noDealer = await ctx.http().post('/api/tiers/recompute').set(admin.auth).send({});
    expect(noDealer.status).toBe(400);
    expect(noDealer.body.error.code).toBe('DEALERSHIP_REQUIRED');
    expect(
      (
        await ctx
          .http()
          .post('/api/tiers/recompute')
          .set(admin.auth)
          .send({ asOf: '2025-02-30', dealershipId: String(d._id) })
      ).status
    ).toBe(400);
    const run = await ctx
      .http()
      .post('/api/tiers/recompute')
      .set(admin.auth)
      .send({ dealershipId: String(d._id) })
      .expect(202);
    await waitForRun(marketing, run.body.id);
    const foreign = await ctx
      .http()
      .get(`/api/tiers/runs/${encodeURIComponent(run.body.id)}`)
      .set(managerOther.auth);
    expect(foreign.status).toBe(404);
    const summary = await ctx.http().get('/api/tiers/summary').set(marketing.auth).expect(200);
    expect(summary.body).toMatchObject({
      dealershipId: String(d._id),
      distribution: { A: 0, B: 0, C: 0, D: 0, none: 0 },
      previousRun: null
    });
  });
});

describe('overrides through the API', () => {
  test('validated, scoped, in force at once, lifted back to the computed tier, all in the history', async () => {
    const d = await makeDealership();
    const manager = await makeStaff('manager', d._id, '王经理');
    const advisor = await makeStaff('advisor', d._id);
    const managerOther = await makeStaff('manager', (await makeDealership())._id);
    const [member] = await ladder(d._id, 3, '帕萨特', 'V');
    await Customer.updateOne(
      { _id: member.customer._id },
      { $set: { advisorId: new Types.ObjectId(advisor.id) } }
    );
    const stranger = await makeCustomer(d._id, { name: '未分配' });
    const { recomputeTiers } = await import('../../server/src/modules/tiers/tier-run.service');
    await recomputeTiers(d._id, ASOF);
    const url = `/api/customers/${member.id}/tier/override`;

    clock.set(() => new Date('2025-07-01T04:00:00Z'));
    try {
      const invalid: Array<[object, number]> = [
        [{ tier: 'A', expiresAt: '2025-08-01' }, 400],
        [{ tier: 'A', reason: '   ', expiresAt: '2025-08-01' }, 400],
        [{ tier: 'S', reason: '大客户', expiresAt: '2025-08-01' }, 400],
        [{ tier: 'A', reason: '大客户', expiresAt: '2025-02-30' }, 400],
        [{ tier: 'A', reason: '大客户', expiresAt: '2025-07-01' }, 422],
        [{ tier: 'A', reason: '大客户', expiresAt: '2029-01-01' }, 422]
      ];
      for (const [body, status] of invalid) {
        const res = await ctx.http().put(url).set(manager.auth).send(body);
        expect({ body, status: res.status }).toEqual({ body, status });
      }
      expect(
        (
          await ctx
            .http()
            .put(url)
            .set(advisor.auth)
            .send({ tier: 'A', reason: '大客户', expiresAt: '2025-08-01' })
        ).status
      ).toBe(403);
      expect(
        (
          await ctx
            .http()
            .put(url)
            .set(managerOther.auth)
            .send({ tier: 'A', reason: '大客户', expiresAt: '2025-08-01' })
        ).status
      ).toBe(404);
      expect(await TierHistory.countDocuments({ customerId: member.customer._id, cause: 'override' })).toBe(
        0
      );

      const set = await ctx
        .http()
        .put(url)
        .set(manager.auth)
        .send({ tier: 'A', reason: '集团采购负责人', expiresAt: '2025-08-01' })
        .expect(200);
      expect(set.body).toMatchObject({
        tier: 'A',
        computedTier: 'C',
        decidedBy: 'override',
        override: { tier: 'A', byName: '王经理', active: true }
      });
      expect(set.body.explanation).toMatch(
        /^A 级：王经理 手动调整（集团采购负责人），2025-08-01 起失效；系统计算为 C 级：综合得分/
      );
      expect((await Customer.findById(member.customer._id).lean())?.tier).toBe('A');

      // The assigned advisor reads it (same path as the mini-program's alias), others do not.
      const seen = await ctx.http().get(`/api/customers/${member.id}/tier`).set(advisor.auth).expect(200);
      expect(seen.body.history.map((h: { cause: string }) => h.cause)).toEqual(['override', 'quota']);
      expect(seen.body.history[0]).toMatchObject({
        fromTier: 'C',
        toTier: 'A',
        note: '集团采购负责人',
        byName: '王经理',
        date: '2025-07-01'
      });
      expect((await ctx.http().get(`/api/customers/${stranger._id}/tier`).set(advisor.auth)).status).toBe(
        404
      );

      const lifted = await ctx
        .http()
        .delete(`/api/customers/${member.id}/tier/override`)
        .set(manager.auth)
        .expect(200);
      expect(lifted.body).toMatchObject({ tier: 'C', override: null, decidedBy: 'quota' });
      expect(lifted.body.history[0]).toMatchObject({ cause: 'override_lifted', fromTier: 'A', toTier: 'C' });
      // Lifting again changes nothing.
      await ctx.http().delete(url).set(manager.auth).expect(200);
      expect(await TierHistory.countDocuments({ customerId: member.customer._id })).toBe(3);
    } finally {
      clock.set(null);
    }
  });
});

describe('nightly job', () => {
  test('two instances running the same night compute each dealership once; a rerun skips it', async () => {
    const first = await makeDealership();
    const second = await makeDealership();
    await ladder(first._id, 3, '帕萨特', 'N');
    await ladder(second._id, 2, '途观', 'M');
    const night = () => runJobNow('tiers-nightly', { deps: ctx.deps, date: ASOF });
    const [a, b] = await Promise.all([night(), night()]);
    expect([a.status, b.status]).toEqual(['succeeded', 'succeeded']);
    for (const d of [first, second]) {
      const runs = await TierRun.find({ dealershipId: d._id, asOf: ASOF }).lean();
      expect(runs.map((r) => [r.seq, r.trigger, r.status])).toEqual([[1, 'nightly', 'done']]);
      expect(await TierHistory.countDocuments({ dealershipId: d._id })).toBe(d === first ? 3 : 2);
    }
    const rerun = await night();
    expect(rerun.counts.computed ?? 0).toBe(0);
    expect(await TierRun.countDocuments({ dealershipId: first._id })).toBe(1);
    expect(Object.values(await tiersByName(second._id)).every((t) => t !== null)).toBe(true);
  });
});
