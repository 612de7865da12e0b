import { Types } from 'mongoose';
import { postMany, type BulkPosting } from '../../server/src/modules/points/ledger-bulk';
import { post } from '../../server/src/modules/points/ledger-lane';
import { appendEntry, readHead, type AccountRef } from '../../server/src/modules/points/points-ledger';
import {
  PointsAccount,
  PointsEntry,
  PointsLedgerMark
} from '../../server/src/modules/points/points-ledger.model';
import { startTestApp, type TestContext } from '../support/harness';
import { expectLedgerConsistent } from './points-support';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

const dealershipId = String(new Types.ObjectId());
const refs = (n: number): AccountRef[] =>
  Array.from({ length: n }, () => ({ accountId: String(new Types.ObjectId()), dealershipId }));

const credit = (
  ref: AccountRef,
  key: string,
  points: number,
  expiresOn: string | null = '2099-12-31'
): BulkPosting => ({
  ref,
  posting: {
    kind: 'earn',
    source: 'repair_order',
    reason: `测试 ${key}`,
    change: { type: 'credit', points, expiresOn },
    sourceKey: `${dealershipId}:ro:${key}`
  }
});

test('the bulk path posts each key once, beside the lanes and other writers, and keeps every ledger whole', async () => {
  const accounts = refs(20);
  const batch = accounts.flatMap((ref, a) => [1, 2, 3].map((n) => credit(ref, `B${a}-${n}`, 10 * n)));
  // Three imports of the same batch at once, while each account's lane and a lane-less writer append too.
  const results = await Promise.all([
    postMany(batch),
    postMany(batch),
    postMany(batch, { keysChecked: true }),
    ...accounts.map((ref) =>
      post(ref, {
        kind: 'spend',
        source: 'manual',
        reason: '扣减',
        change: { type: 'debit', points: 5, partial: true }
      })
    ),
    ...accounts.map((ref) =>
      appendEntry(ref, {
        kind: 'earn',
        source: 'manual',
        reason: '另一实例入账',
        change: { type: 'credit', points: 7, expiresOn: null }
      })
    )
  ]);
  const bulkOutcomes = results.slice(0, 3) as Array<Awaited<ReturnType<typeof postMany>>>;
  for (const outcome of bulkOutcomes) expect(outcome.every((r) => r.status === 'fulfilled')).toBe(true);
  const written = bulkOutcomes
    .flat()
    .filter((r) => r.status === 'fulfilled' && !r.value.duplicate && r.value.entry !== null);
  expect(written).toHaveLength(batch.length);

  for (const ref of accounts) {
    const balance = await expectLedgerConsistent(ref);
    const entries = await PointsEntry.find({ accountId: new Types.ObjectId(ref.accountId) }).lean();
    const keys = entries.filter((e) => e.source === 'repair_order').map((e) => e.sourceKey);
    expect(new Set(keys).size).toBe(3);
    expect(keys).toHaveLength(3);
    // 60 credited, 7 from the other writer, and at most 5 spent (less if the spend came first).
    expect(balance).toBeGreaterThanOrEqual(62);
    expect(balance).toBeLessThanOrEqual(67);
    // The hints name a stored entry at or below the head, and the expiry job can find the account.
    const hint = await PointsAccount.findById(ref.accountId).lean();
    const head = await readHead(ref);
    expect(hint!.headSeq).toBeLessThanOrEqual(head.seq);
    expect(hint!.headSeq).toBeGreaterThanOrEqual(1);
    expect(hint!.nextExpiry).toBe('2099-12-31');
  }

  // Posting the batch again writes nothing.
  const again = await postMany(batch);
  expect(again.every((r) => r.status === 'fulfilled' && r.value.duplicate)).toBe(true);
});

test('an account whose earliest expiry changes gets its hint at once; a long run of credits moves the hint along', async () => {
  const [ref] = refs(1);
  await postMany([credit(ref, 'E-1', 5, null)]);
  expect((await PointsAccount.findById(ref.accountId).lean())!.nextExpiry).toBe('none');
  await postMany([credit(ref, 'E-2', 5, '2030-12-31')]);
  expect((await PointsAccount.findById(ref.accountId).lean())!.nextExpiry).toBe('2030-12-31');
  for (let i = 3; i <= 12; i++) await postMany([credit(ref, `E-${i}`, 1, '2030-12-31')]);
  const hint = (await PointsAccount.findById(ref.accountId).lean())!;
  const head = await readHead(ref);
  expect(head.seq).toBe(12);
  expect(head.seq - hint.headSeq).toBeLessThan(7);
  expect(await expectLedgerConsistent(ref)).toBe(20);
});

test('heads this process remembers are forgotten when the ledger under it is replaced (its mark is gone)', async () => {
  const [ref] = refs(1);
  const first = await postMany([credit(ref, 'M1', 100), credit(ref, 'M2', 50)]);
  expect(first.map((r) => r.status === 'fulfilled' && r.value.entry?.seq)).toEqual([1, 2]);
  // The database replaced under the running process (what a test's or a bench's drop does).
  await PointsEntry.deleteMany({});
  await PointsAccount.deleteMany({});
  await PointsLedgerMark.deleteMany({});
  const again = await postMany([credit(ref, 'M3', 30)]);
  // Not seq 3 on a balance of 150 remembered from the old ledger: the account starts again.
  expect(again.map((r) => r.status === 'fulfilled' && r.value.entry)).toEqual([
    expect.objectContaining({ seq: 1, balanceAfter: 30 })
  ]);
  expect(await readHead(ref)).toMatchObject({ seq: 1, balance: 30 });
});

test('a remembered head is not trusted once another writer has appended after it', async () => {
  const [ref] = refs(1);
  await postMany([credit(ref, 'W1', 100)]);
  await appendEntry(ref, {
    kind: 'earn',
    source: 'manual',
    reason: '另一实例入账',
    change: { type: 'credit', points: 7, expiresOn: null }
  });
  const next = await postMany([credit(ref, 'W2', 10)]);
  expect(next.map((r) => r.status === 'fulfilled' && r.value.entry)).toEqual([
    expect.objectContaining({ seq: 3, balanceAfter: 117 })
  ]);
  await expectLedgerConsistent(ref);
});

test('heads learned before the memory’s first mark check are kept: the next batch reads no hints or heads back', async () => {
  // A memory with no mark yet (the process's first postings, or the first after a reset).
  await PointsLedgerMark.deleteMany({});
  const accounts = refs(5);
  await postMany(accounts.map((ref, i) => credit(ref, `F1-${i}`, 10)));
  const hintReads = jest.spyOn(PointsAccount, 'find');
  const entryReads = jest.spyOn(PointsEntry, 'find');
  try {
    const next = await postMany(accounts.map((ref, i) => credit(ref, `F2-${i}`, 5)));
    expect(next.map((r) => r.status === 'fulfilled' && r.value.entry?.seq)).toEqual([2, 2, 2, 2, 2]);
    expect(hintReads).not.toHaveBeenCalled();
    // Two reads: the keys already posted, and the numbers after the remembered heads (has anyone
    // appended?); no probe of the heads themselves.
    expect(entryReads).toHaveBeenCalledTimes(2);
  } finally {
    hintReads.mockRestore();
    entryReads.mockRestore();
  }
});
