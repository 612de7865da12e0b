import { clock } from '../../server/src/lib/clock';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { recomputeTiers } from '../../server/src/modules/tiers/tier-run.service';
import { op } from '../../server/src/lib/query';
import { startTestApp, type TestContext } from '../support/harness';
import { makeDealership, makeStaff, type StaffLogin } from '../support/factories';
import { addDays } from '@dealer/shared/domain/dates';
import { ASOF, customerWithVisits, LAST_VISIT, setTierSettings, waitForTierRun } from './tiers-fixtures';

/** A manager's override made while a tier run is going on stays in force after the run. */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => {
  clock.set(null);
  return ctx.close();
});

const SIZE = 80;
const OVERRIDDEN = 24;

const waitForRun = (staff: StaffLogin, runId: string) => waitForTierRun(ctx, staff, runId, 50);

/** A dealership of SIZE ranked customers, tiered once; the next run raises most of the top half to A. */
async function rankedDealership() {
  const d = await makeDealership();
  const manager = await makeStaff('manager', d._id, '王经理');
  const members = [];
  for (let rank = 0; rank < SIZE; rank++) {
    const visits = [
      { date: LAST_VISIT, yuan: 3000 - 20 * rank },
      { date: addDays(LAST_VISIT, -30 - rank), yuan: 3000 - 20 * rank }
    ];
    members.push(await customerWithVisits(d._id, `R${String(rank).padStart(2, '0')}`, '帕萨特', visits));
  }
  await recomputeTiers(d._id, ASOF);
  await setTierSettings(d._id, { quota: { A: 50, B: 20, C: 20, D: 10 }, hysteresisPoints: 0 });
  clock.set(() => new Date('2025-07-01T04:00:00Z'));
  return { d, manager, members };
}

const staggered = <T>(items: readonly T[], send: (item: T) => Promise<{ status: number }>) =>
  Promise.all(items.map((item, i) => new Promise((r) => setTimeout(r, i * 4)).then(() => send(item))));

test('overrides set during a run are not overwritten by it', async () => {
  const { manager, members } = await rankedDealership();
  const top = members.slice(0, OVERRIDDEN);
  const started = await ctx
    .http()
    .post('/api/tiers/recompute')
    .set(manager.auth)
    .send({ asOf: '2025-07-01' })
    .expect(202);
  const overrides = await staggered(top, (m) =>
    ctx
      .http()
      .put(`/api/customers/${m.id}/tier/override`)
      .set(manager.auth)
      .send({ tier: 'D', reason: '经理指定', expiresAt: '2025-12-31' })
  );
  expect(overrides.map((o) => o.status)).toEqual(Array(OVERRIDDEN).fill(200));
  const run = await waitForRun(manager, started.body.id);
  expect(run.status).toBe('done');

  const after = await Customer.find(
    { _id: op.in(top.map((m) => m.customer._id)) },
    { name: 1, tier: 1, tierOverride: 1, tierComputed: 1 }
  ).lean();
  expect(after.map((c) => [c.name, c.tier, c.tierOverride?.tier])).toEqual(
    top.map((m) => [m.customer.name, 'D', 'D'])
  );
  // The run still recorded what it computed for them.
  expect(after.filter((c) => c.tierComputed === 'A').length).toBeGreaterThan(OVERRIDDEN / 2);
  // And the archive explains it as an override.
  const view = await ctx.http().get(`/api/customers/${top[0].id}/tier`).set(manager.auth).expect(200);
  expect(view.body).toMatchObject({ tier: 'D', decidedBy: 'override' });
});

test('overrides lifted during a run leave the tier the run computed in force', async () => {
  const { manager, members } = await rankedDealership();
  const top = members.slice(0, OVERRIDDEN);
  const set = await staggered(top, (m) =>
    ctx
      .http()
      .put(`/api/customers/${m.id}/tier/override`)
      .set(manager.auth)
      .send({ tier: 'D', reason: '经理指定', expiresAt: '2025-12-31' })
  );
  expect(set.map((o) => o.status)).toEqual(Array(OVERRIDDEN).fill(200));
  const started = await ctx
    .http()
    .post('/api/tiers/recompute')
    .set(manager.auth)
    .send({ asOf: '2025-07-01' })
    .expect(202);
  const lifted = await staggered(top, (m) =>
    ctx.http().delete(`/api/customers/${m.id}/tier/override`).set(manager.auth)
  );
  expect(lifted.map((o) => o.status)).toEqual(Array(OVERRIDDEN).fill(200));
  expect((await waitForRun(manager, started.body.id)).status).toBe('done');
  const after = await Customer.find(
    { _id: op.in(top.map((m) => m.customer._id)) },
    { name: 1, tier: 1, tierOverride: 1, tierComputed: 1 }
  ).lean();
  expect(after.map((c) => [c.name, c.tier, c.tierOverride ?? null])).toEqual(
    after.map((c) => [c.name, c.tierComputed, null])
  );
  expect(after.filter((c) => c.tier === 'A').length).toBeGreaterThan(OVERRIDDEN / 2);
});
