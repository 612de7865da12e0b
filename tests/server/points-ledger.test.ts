import { Types } from 'mongoose';
import { startTestApp, type TestContext } from '../support/harness';
import { makeCustomer, makeDealership } from '../support/factories';
import { AppError } from '../../server/src/lib/errors';
import { post } from '../../server/src/modules/points/ledger-lane';
import { appendEntry, readHead, type AccountRef } from '../../server/src/modules/points/points-ledger';
import { PointsAccount } from '../../server/src/modules/points/points-ledger.model';
import { entriesOf, expectLedgerConsistent } from './points-support';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

async function newAccount(): Promise<AccountRef> {
  const dealership = await makeDealership();
  const customer = await makeCustomer(dealership._id);
  return { accountId: String(customer._id), dealershipId: String(dealership._id) };
}

const credit = (ref: AccountRef, points: number, key?: string) =>
  post(ref, {
    kind: 'earn',
    source: 'manual',
    reason: '测试入账',
    change: { type: 'credit', points, expiresOn: null },
    sourceKey: key
  });
const spending = { kind: 'spend', source: 'redemption', reason: '测试兑换' } as const;
const debit = (ref: AccountRef, points: number) =>
  post(ref, { ...spending, change: { type: 'debit', points } });
/** A spend as another server instance makes it: no in-process lane, only the database decides. */
const debitElsewhere = (ref: AccountRef, points: number) =>
  appendEntry(ref, { ...spending, change: { type: 'debit', points } });

test.each([
  ['through the account lane', debit],
  ['as 1,000 separate instances (the unique index alone)', debitElsewhere]
])(
  '1,000 concurrent spends on an account holding points for 10 (%s): exactly 10 succeed',
  async (_, spend) => {
    const ref = await newAccount();
    await credit(ref, 100);
    const results = await Promise.allSettled(Array.from({ length: 1000 }, () => spend(ref, 10)));
    const succeeded = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(succeeded).toHaveLength(10);
    expect(refused).toHaveLength(990);
    for (const r of refused) expect((r.reason as AppError).code).toBe('INSUFFICIENT_POINTS');
    expect(await expectLedgerConsistent(ref)).toBe(0);
    expect(await entriesOf(ref.accountId)).toHaveLength(11);
  },
  180_000
);

test('earn and spend interleaved, half of the spends from other instances: never negative, balance = sum of entries = sum of lots', async () => {
  const ref = await newAccount();
  const ops = Array.from({ length: 300 }, (_, i) =>
    i % 3 === 0 ? credit(ref, 7) : i % 3 === 1 ? debit(ref, 5) : debitElsewhere(ref, 5)
  );
  const results = await Promise.allSettled(ops);
  const credited = results.filter((r, i) => i % 3 === 0 && r.status === 'fulfilled').length;
  const spent = results.filter((r, i) => i % 3 !== 0 && r.status === 'fulfilled').length;
  expect(credited).toBe(100);
  for (const r of results)
    if (r.status === 'rejected') expect((r.reason as AppError).code).toBe('INSUFFICIENT_POINTS');
  expect(await expectLedgerConsistent(ref)).toBe(credited * 7 - spent * 5);
}, 180_000);

test('one business event is credited once, however many writers race with its source key', async () => {
  const ref = await newAccount();
  const key = `${ref.dealershipId}:survey:answer-1`;
  const results = await Promise.all(Array.from({ length: 30 }, () => credit(ref, 50, key)));
  expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
  expect(await expectLedgerConsistent(ref)).toBe(50);
});

test('a debit beyond the balance is refused and writes nothing', async () => {
  const ref = await newAccount();
  await credit(ref, 30);
  await expect(debit(ref, 31)).rejects.toMatchObject({ code: 'INSUFFICIENT_POINTS', status: 422 });
  expect(await entriesOf(ref.accountId)).toHaveLength(1);
});

test('the balance read probes from the account hint: right even when the hint is far behind', async () => {
  const ref = await newAccount();
  for (let i = 0; i < 30; i++) await credit(ref, 1);
  await PointsAccount.updateOne({ _id: new Types.ObjectId(ref.accountId) }, { $set: { headSeq: 2 } });
  expect(await readHead(ref)).toMatchObject({ seq: 30, balance: 30 });
  await debit(ref, 5);
  const account = await PointsAccount.findById(ref.accountId).lean();
  expect(account).toMatchObject({ headSeq: 31, balance: 25 });
});
