import { Types } from 'mongoose';
import { PointsEntry } from '../../server/src/modules/points/points-ledger.model';
import { readHead, type AccountRef } from '../../server/src/modules/points/points-ledger';
import { sumOfLots } from '../../server/src/modules/points/points-lots';

/** Helpers of the points tests: an account's entries and the invariants every test checks. */

export async function entriesOf(accountId: string) {
  return PointsEntry.find({ accountId: new Types.ObjectId(accountId) })
    .sort({ seq: 1 })
    .lean();
}

/** balance = sum of entries = sum of lots; seq 1..n without gaps; no entry below zero. */
export async function expectLedgerConsistent(ref: AccountRef): Promise<number> {
  const [head, entries] = await Promise.all([readHead(ref), entriesOf(ref.accountId)]);
  expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
  expect(head.seq).toBe(entries.length);
  const sum = entries.reduce((s, e) => s + e.delta, 0);
  expect(head.balance).toBe(sum);
  expect(sumOfLots(head.lots)).toBe(sum);
  for (const e of entries) expect(e.balanceAfter).toBeGreaterThanOrEqual(0);
  let running = 0;
  for (const e of entries) {
    running += e.delta;
    expect(e.balanceAfter).toBe(running);
  }
  return head.balance;
}
