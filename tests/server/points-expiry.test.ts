import { Types } from 'mongoose';
import { startTestApp, type TestContext } from '../support/harness';
import { loginOwner, makeCustomer, makeDealership, makeStaff } from '../support/factories';
import { clock } from '../../server/src/lib/clock';
import { runJobNow } from '../../server/src/lib/jobs';
import { creditBonus } from '../../server/src/modules/points/points-earning.service';
import { post } from '../../server/src/modules/points/ledger-lane';
import type { AccountRef } from '../../server/src/modules/points/points-ledger';
import { PointsEntry } from '../../server/src/modules/points/points-ledger.model';
import { entriesOf, expectLedgerConsistent } from './points-support';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(async () => {
  clock.set(null);
  await ctx.close();
});
afterEach(() => clock.set(null));

const at = (iso: string) => clock.set(() => new Date(iso));
const runDaily = (date: string, dealershipId: string) =>
  runJobNow('points-daily', { deps: ctx.deps, date, options: { dealership: dealershipId } });

async function memberAccount() {
  const dealership = await makeDealership();
  const owner = await loginOwner(ctx);
  const customer = await makeCustomer(dealership._id, {
    ownerId: new Types.ObjectId(owner.ownerId),
    boundAt: new Date()
  });
  const manager = await makeStaff('manager', dealership._id);
  const ref: AccountRef = { accountId: String(customer._id), dealershipId: String(dealership._id) };
  return { dealership, owner, customer, manager, ref };
}

const bonus = (ref: AccountRef, points: number, key: string) =>
  creditBonus(ref, { source: 'survey', points, reason: '完成满意度调查', key });

test('lots: the oldest-expiring points are spent first; each lot expires once at the end of the next year', async () => {
  const { ref, owner, manager, dealership } = await memberAccount();
  at('2024-03-01T04:00:00Z');
  await bonus(ref, 100, 'a-2024'); // expires 2025-12-31
  at('2025-05-01T04:00:00Z');
  await bonus(ref, 50, 'a-2025'); // expires 2026-12-31
  at('2025-06-01T04:00:00Z');
  const spent = await post(ref, {
    kind: 'spend',
    source: 'redemption',
    reason: '兑换',
    change: { type: 'debit', points: 60 }
  });
  expect(spent.entry?.consumed).toEqual([{ lot: '1', expiresOn: '2025-12-31', remaining: 60 }]);

  at('2026-01-01T02:00:00Z');
  await runDaily('2026-01-01', ref.dealershipId);
  await runDaily('2026-01-01', ref.dealershipId); // a rerun expires nothing twice
  const expiries = (await entriesOf(ref.accountId)).filter((e) => e.kind === 'expire');
  expect(expiries.map((e) => e.delta)).toEqual([-40]);
  expect(await expectLedgerConsistent(ref)).toBe(50);

  at('2026-02-01T04:00:00Z');
  await bonus(ref, 30, 'a-2026'); // expires 2027-12-31
  const mine = await ctx.http().get('/api/points/me').set(owner.auth).expect(200);
  expect(mine.body.accounts).toEqual([
    expect.objectContaining({
      dealershipId: ref.dealershipId,
      balance: 80,
      expiring: [
        { expiresOn: '2026-12-31', points: 50 },
        { expiresOn: '2027-12-31', points: 30 }
      ]
    })
  ]);

  at('2027-01-01T02:00:00Z');
  await runDaily('2027-01-01', ref.dealershipId);
  expect(await expectLedgerConsistent(ref)).toBe(30);
  clock.set(null); // sessions live in real time
  const history = await ctx
    .http()
    .get('/api/points/me/history')
    .query({ dealershipId: ref.dealershipId })
    .set(owner.auth)
    .expect(200);
  expect(history.body.items.map((e: { points: number; kind: string }) => [e.kind, e.points])).toEqual([
    ['expire', -50],
    ['earn', 30],
    ['expire', -40],
    ['spend', -60],
    ['earn', 50],
    ['earn', 100]
  ]);
  expect(history.body.items[0].reason).toContain('积分到期');

  const report = await ctx
    .http()
    .get('/api/points/reconciliation')
    .query({ date: '2027-01-01' })
    .set(manager.auth)
    .expect(200);
  expect(report.body).toMatchObject({
    dealershipId: String(dealership._id),
    checkedAccounts: 1,
    outstandingPoints: 30,
    drift: []
  });
});

test('the nightly check reports an account whose entries no longer add up to its balance', async () => {
  const { ref, manager } = await memberAccount();
  await bonus(ref, 100, 'b-1');
  await bonus(ref, 20, 'b-2');
  // Someone edits the ledger behind the application's back.
  await PointsEntry.collection.updateOne(
    { _id: `${ref.accountId}:2` as unknown as Types.ObjectId },
    { $set: { delta: 25 } }
  );
  const today = new Date().toISOString().slice(0, 10);
  await runDaily(today, ref.dealershipId);
  const report = await ctx.http().get('/api/points/reconciliation').set(manager.auth).expect(200);
  expect(report.body.drift).toEqual([
    { customerId: ref.accountId, balance: 120, sumOfEntries: 125, lots: 120, problem: '余额与流水合计不一致' }
  ]);
  const other = await makeStaff('manager', (await makeDealership())._id);
  const elsewhere = await ctx.http().get('/api/points/reconciliation').set(other.auth);
  expect(elsewhere.status).toBe(404);

  // The managers hear of it in their task list: once however often the night runs, again the next day.
  const driftTasks = async (auth: Record<string, string>) =>
    (await ctx.http().get('/api/tasks').set(auth).expect(200)).body.items.filter(
      (t: { kind: string }) => t.kind === 'points_drift'
    ) as Array<{ title: string; note: string; customer: { id: string }; advisorId: string | null }>;
  let tasks = await driftTasks(manager.auth);
  expect(tasks).toHaveLength(1);
  expect(tasks[0]).toMatchObject({
    title: '积分账户对账异常',
    customer: { id: ref.accountId },
    advisorId: null
  });
  expect(tasks[0].note).toContain('余额与流水合计不一致');
  await runDaily(today, ref.dealershipId);
  expect(await driftTasks(manager.auth)).toHaveLength(1);
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await runDaily(tomorrow, ref.dealershipId);
  tasks = await driftTasks(manager.auth);
  expect(tasks).toHaveLength(2);
  // Another dealership's manager, and the advisors, see none of it.
  expect(await driftTasks(other.auth)).toHaveLength(0);
  const advisor = await makeStaff('advisor', ref.dealershipId);
  expect(await driftTasks(advisor.auth)).toHaveLength(0);
});

test('a night without drift reports nothing to the managers', async () => {
  const { ref, manager } = await memberAccount();
  await bonus(ref, 100, 'c-1');
  await runDaily(new Date().toISOString().slice(0, 10), ref.dealershipId);
  const tasks = (await ctx.http().get('/api/tasks').set(manager.auth).expect(200)).body.items;
  expect(tasks.filter((t: { kind: string }) => t.kind === 'points_drift')).toEqual([]);
});

test('an advisor cannot read the reconciliation report or the liability', async () => {
  const { dealership } = await memberAccount();
  const advisor = await makeStaff('advisor', dealership._id);
  await ctx.http().get('/api/points/reconciliation').set(advisor.auth).expect(403);
  await ctx.http().get('/api/points/liability').set(advisor.auth).expect(403);
});
