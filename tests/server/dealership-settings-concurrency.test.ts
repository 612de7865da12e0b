import { TURN_LEASE_MS, WriteTurn } from '../../server/src/lib/write-turn';
import { op } from '../../server/src/lib/query';
import { startTestApp, type TestContext } from '../support/harness';
import { makeDealership, makeStaff, type StaffLogin } from '../support/factories';

/**
 * Settings edits write only the keys they change: edits of different settings made at the
 * same time (the settings page, the tier-settings page) all survive, and a read after a
 * write sees it.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

const edits = (round: number) => ({
  warranty: { years: 3 + round, km: 100_000 + round * 1000 },
  sanbao: { years: 1 + round, km: 50_000 + round * 1000 },
  firstMaintenance: { months: 2 + round, km: 4000 + round * 100 },
  regularMaintenance: { months: 5 + round, km: 6000 + round * 100 },
  claimAttemptsPerDay: 6 + round,
  kpis: { returnWindowDays: 20 + round, activeMonths: 12, atRiskMonths: 6, lostMonths: 12 },
  classes: { loyalMinPaidVisits: 2 + round, loyalTiers: ['A'], awaitingFirstMonths: 12 }
});

async function editAllAtOnce(manager: StaffLogin, id: string, round: number) {
  const changes = edits(round);
  const answers = await Promise.all([
    ...Object.entries(changes).map(([key, value]) =>
      ctx
        .http()
        .patch(`/api/dealerships/${id}/settings`)
        .set(manager.auth)
        .send({ [key]: value })
    ),
    ctx
      .http()
      .put(`/api/dealerships/${id}/tier-settings`)
      .set(manager.auth)
      .send({ lookbackMonths: 12 + round }),
    // Readers warm the cache while the edits land.
    ctx.http().get(`/api/dealerships/${id}/settings`).set(manager.auth),
    ctx.http().get(`/api/dealerships/${id}/settings`).set(manager.auth)
  ]);
  expect(answers.map((a) => a.status)).toEqual(Array(answers.length).fill(200));
  return changes;
}

test('concurrent edits of different settings all survive, and the next read shows them', async () => {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id);
  const id = String(dealership._id);
  for (let round = 1; round <= 3; round++) {
    const changes = await editAllAtOnce(manager, id, round);
    const settings = (await ctx.http().get(`/api/dealerships/${id}/settings`).set(manager.auth).expect(200))
      .body;
    expect(settings).toMatchObject(changes);
    expect(settings.tiers.lookbackMonths).toBe(12 + round);
  }
});

test('a settings edit answers with the settings in force, other edits included', async () => {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id);
  const id = String(dealership._id);
  await ctx.http().get(`/api/dealerships/${id}/settings`).set(manager.auth).expect(200); // cached
  await ctx
    .http()
    .put(`/api/dealerships/${id}/tier-settings`)
    .set(manager.auth)
    .send({ lookbackMonths: 36 })
    .expect(200);
  const answer = await ctx
    .http()
    .patch(`/api/dealerships/${id}/settings`)
    .set(manager.auth)
    .send({ claimAttemptsPerDay: 9 })
    .expect(200);
  expect(answer.body.tiers.lookbackMonths).toBe(36);
  expect(answer.body.claimAttemptsPerDay).toBe(9);
  const tiers = await ctx.http().get(`/api/dealerships/${id}/tier-settings`).set(manager.auth).expect(200);
  expect(tiers.body.lookbackMonths).toBe(36);
});

test('a bad edit changes nothing', async () => {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id);
  const id = String(dealership._id);
  const before = (await ctx.http().get(`/api/dealerships/${id}/settings`).set(manager.auth).expect(200)).body;
  const bad = await ctx
    .http()
    .patch(`/api/dealerships/${id}/settings`)
    .set(manager.auth)
    .send({ claimAttemptsPerDay: 9, kpis: { atRiskMonths: 12, lostMonths: 6 } });
  expect(bad.status).toBe(400);
  expect(
    (await ctx.http().get(`/api/dealerships/${id}/settings`).set(manager.auth).expect(200)).body
  ).toEqual(before);
});

test('an edit left half-way by a stopped process does not block the next one for long', async () => {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id);
  const id = String(dealership._id);
  // The turn of revision 1 was taken by a process that died before writing.
  await WriteTurn.create({
    _id: `dealership-settings:${id}:1:0`,
    at: new Date(Date.now() - TURN_LEASE_MS - 1000)
  });
  const started = Date.now();
  await ctx
    .http()
    .patch(`/api/dealerships/${id}/settings`)
    .set(manager.auth)
    .send({ claimAttemptsPerDay: 7 })
    .expect(200);
  await ctx
    .http()
    .patch(`/api/dealerships/${id}/settings`)
    .set(manager.auth)
    .send({ claimAttemptsPerDay: 8 })
    .expect(200);
  expect(Date.now() - started).toBeLessThan(TURN_LEASE_MS);
  expect(
    (await ctx.http().get(`/api/dealerships/${id}/settings`).set(manager.auth).expect(200)).body
      .claimAttemptsPerDay
  ).toBe(8);
  expect(await WriteTurn.countDocuments({ _id: op.startsWith(`dealership-settings:${id}:`) })).toBe(3);
});
