import { Types } from 'mongoose';
import { startTestApp, type TestContext } from '../support/harness';
import { loginOwner, makeCustomer, makeDealership, makeStaff, makeVehicle } from '../support/factories';
import { runJobNow } from '../../server/src/lib/jobs';
import { creditRepairOrders } from '../../server/src/modules/points/points-earning.service';
import { post } from '../../server/src/modules/points/ledger-lane';
import { creditSurveyAnswers } from '../../server/src/modules/points/points-survey';
import type { SurveyAnswered } from '../../server/src/modules/points/points-sources';
import { ServiceRecord } from '../../server/src/modules/vehicles/service-record.model';
import { fixture, importFile } from './imports-support';
import { entriesOf, expectLedgerConsistent, repairOrderCsv } from './points-support';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

const csv = repairOrderCsv;

async function importedRecords(dealershipId: Types.ObjectId) {
  return ServiceRecord.find({ dealershipId }).lean();
}

test('repair orders from a real import: customer-paid yuan × tier multiplier, credited once however often imported', async () => {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id);
  const customer = await makeCustomer(dealership._id, { tier: 'B' });
  await makeVehicle(customer, { plate: '粤B70001', vin: null });
  const d = String(dealership._id);
  const ref = { accountId: String(customer._id), dealershipId: d };

  const job = await importFile(ctx, manager.auth, fixture('repair-orders-payer.csv'), {
    kind: 'repair_orders'
  });
  expect(job.status).toBe('done');
  // The import's hook credited them. Customer-paid: RO-P01 800, P02 500, P12 700, P13 400
  // (P11 is 0): 2,400 yuan × 1 × 1.5 (tier B).
  expect(await expectLedgerConsistent(ref)).toBe(3600);
  expect(await entriesOf(ref.accountId)).toHaveLength(4);
  // Credited again by hand: nothing more.
  const first = await creditRepairOrders(d, await importedRecords(dealership._id));
  expect(first).toMatchObject({ credited: 0, adjusted: 0, points: 0 });

  // The same file imported again, and credited twice at the same moment: nothing more.
  await importFile(ctx, manager.auth, fixture('repair-orders-payer.csv'), { kind: 'repair_orders' });
  const records = await importedRecords(dealership._id);
  const again = await Promise.all([creditRepairOrders(d, records), creditRepairOrders(d, records)]);
  expect(again.map((o) => o.points)).toEqual([0, 0]);
  expect(await entriesOf(ref.accountId)).toHaveLength(4);

  // Re-import with RO-P01's amount corrected to 1,000: one adjustment of +200 × 1.5, once.
  await importFile(ctx, manager.auth, csv(['RO-P01,粤B70001,2025-03-01,一般维修,1000,客户付费']), {
    kind: 'repair_orders'
  });
  const corrected = await importedRecords(dealership._id);
  await Promise.all([
    creditRepairOrders(d, corrected),
    creditRepairOrders(d, corrected),
    creditRepairOrders(d, corrected)
  ]);
  let entries = await entriesOf(ref.accountId);
  expect(entries.slice(4).map((e) => [e.kind, e.delta])).toEqual([['adjust', 300]]);

  // Reversed to insurance-paid: the whole 1,500 comes off, once.
  await importFile(ctx, manager.auth, csv(['RO-P01,粤B70001,2025-03-01,一般维修,1000,保险']), {
    kind: 'repair_orders'
  });
  const reversed = await importedRecords(dealership._id);
  await creditRepairOrders(d, reversed);
  await creditRepairOrders(d, reversed);
  entries = await entriesOf(ref.accountId);
  expect(entries.slice(4).map((e) => [e.kind, e.delta])).toEqual([
    ['adjust', 300],
    ['adjust', -1500]
  ]);
  expect(entries[5].reason).toContain('RO-P01');
  expect(await expectLedgerConsistent(ref)).toBe(2400);
}, 120_000);

test('an RO the import has just inserted is credited without looking for revisions, yet one whose entry exists is adjusted, once', async () => {
  const dealership = await makeDealership();
  const customer = await makeCustomer(dealership._id, { tier: null });
  const d = String(dealership._id);
  const ref = { accountId: String(customer._id), dealershipId: d };
  const ro = (roNumber: string, amountFen: number) => ({
    roNumber,
    customerId: customer._id,
    amountFen,
    paid: true,
    payer: 'customer',
    serviceDate: '2025-03-01',
    created: true
  });
  expect(await creditRepairOrders(d, [ro('RO-N1', 50_000)])).toMatchObject({ credited: 1, points: 500 });
  // RO-N1's record was removed and the RO imported again with 800 yuan: "created" once more,
  // but its first entry is there — the difference is adjusted (concurrently: once).
  const twice = await Promise.all([
    creditRepairOrders(d, [ro('RO-N1', 80_000), ro('RO-N2', 10_000)]),
    creditRepairOrders(d, [ro('RO-N1', 80_000), ro('RO-N2', 10_000)])
  ]);
  expect(twice.reduce((sum, o) => sum + o.points, 0)).toBe(400);
  expect(twice.reduce((sum, o) => sum + o.adjusted, 0)).toBe(1);
  expect(twice.reduce((sum, o) => sum + o.credited, 0)).toBe(1);
  const entries = await entriesOf(ref.accountId);
  expect(entries.map((e) => [e.kind, e.delta])).toEqual(
    expect.arrayContaining([
      ['earn', 500],
      ['adjust', 300],
      ['earn', 100]
    ])
  );
  expect(entries).toHaveLength(3);
  expect(await expectLedgerConsistent(ref)).toBe(900);
});

test('a reversal larger than the balance takes what is left, never below zero', async () => {
  const dealership = await makeDealership();
  const customer = await makeCustomer(dealership._id);
  const d = String(dealership._id);
  const ro = {
    roNumber: 'RO-X1',
    customerId: customer._id,
    amountFen: 100_000,
    paid: true,
    payer: 'customer'
  };
  await creditRepairOrders(d, [ro]);
  await post(
    { accountId: String(customer._id), dealershipId: d },
    { kind: 'spend', source: 'redemption', reason: '兑换', change: { type: 'debit', points: 900 } }
  );
  await creditRepairOrders(d, [{ ...ro, payer: 'warranty', paid: false }]);
  expect(await expectLedgerConsistent({ accountId: String(customer._id), dealershipId: d })).toBe(0);
});

test('the same survey answer emitted twice is credited once; the sweep resumes from its bookmark', async () => {
  const dealership = await makeDealership();
  const customer = await makeCustomer(dealership._id);
  const d = String(dealership._id);
  const answer = (id: string): SurveyAnswered => ({
    id,
    dealershipId: d,
    customerId: String(customer._id),
    visitKey: `visit-${id}`,
    answeredAt: new Date()
  });
  const stream = [answer('s1'), answer('s1'), answer('s2')];
  const reads: Array<string | null> = [];
  const source = {
    async surveyAnswersSince(afterId: string | null, limit: number) {
      reads.push(afterId);
      const from =
        afterId === null
          ? 0
          : stream.findIndex((a, i) => a.id === afterId && stream[i + 1]?.id !== afterId) + 1;
      return stream.slice(from, from + limit);
    }
  };
  expect(await creditSurveyAnswers(source)).toBe(2);
  expect(await Promise.all([creditSurveyAnswers(source), creditSurveyAnswers(source)])).toEqual([0, 0]);
  expect(reads.slice(-1)).toEqual(['s2']);
  const entries = await entriesOf(String(customer._id));
  expect(entries.map((e) => [e.source, e.delta])).toEqual([
    ['survey', 50],
    ['survey', 50]
  ]);
});

test('binding and birthday bonuses: once per archive, and per year for birthdays, however often the jobs run', async () => {
  const dealership = await makeDealership();
  const d = String(dealership._id);
  const owner = await loginOwner(ctx);
  const member = await makeCustomer(dealership._id, { birthday: { calendar: 'solar', date: '1990-12-05' } });
  const notMember = await makeCustomer(dealership._id, {
    birthday: { calendar: 'solar', date: '1991-12-05' }
  });
  // The owner binds through the real flow: scan the store's code, confirm the phone number.
  const { code } = ctx.sandbox.state.mintPhoneCode({
    phoneNumber: member.mobile ?? '',
    openid: owner.openid
  });
  const bound = await ctx
    .http()
    .post('/api/owner/bindings')
    .set(owner.auth)
    .send({ scene: `d=${dealership.code}`, phoneCode: code });
  expect(bound.status).toBeLessThan(300);

  await Promise.all([
    runJobNow('points-earning', { deps: ctx.deps, options: { dealership: d } }),
    runJobNow('points-earning', { deps: ctx.deps, options: { dealership: d } })
  ]);
  await runJobNow('points-daily', { deps: ctx.deps, date: '2026-12-05', options: { dealership: d } });
  await runJobNow('points-daily', { deps: ctx.deps, date: '2026-12-05', options: { dealership: d } });
  const entries = await entriesOf(String(member._id));
  expect(entries.map((e) => [e.source, e.delta]).sort()).toEqual([
    ['binding', 100],
    ['birthday', 200]
  ]);
  expect(await entriesOf(String(notMember._id))).toHaveLength(0);
  const mine = await ctx.http().get('/api/points/me').set(owner.auth).expect(200);
  expect(mine.body.accounts[0]).toMatchObject({ balance: 300, dealershipName: dealership.name });
});
