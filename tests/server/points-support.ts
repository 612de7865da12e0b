import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Types } from 'mongoose';
import type { RewardItemView } from '@dealer/shared';
import { PointsEntry } from '../../server/src/modules/points/points-ledger.model';
import { post } from '../../server/src/modules/points/ledger-lane';
import { readHead, type AccountRef } from '../../server/src/modules/points/points-ledger';
import { loginOwner, makeCustomer } from '../support/factories';
import type { TestContext } from '../support/harness';
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

/** An owner logged in through the WeChat sandbox and bound to an archive of the dealership. */
export async function makeMember(
  ctx: TestContext,
  dealershipId: Types.ObjectId,
  fields: Record<string, unknown> = {},
  points = 0
) {
  const owner = await loginOwner(ctx);
  const customer = await makeCustomer(dealershipId, {
    ownerId: new Types.ObjectId(owner.ownerId),
    boundAt: new Date(),
    ...fields
  });
  const ref: AccountRef = { accountId: String(customer._id), dealershipId: String(dealershipId) };
  if (points > 0) {
    await post(ref, {
      kind: 'earn',
      source: 'manual',
      reason: '测试入账',
      change: { type: 'credit', points, expiresOn: null }
    });
  }
  return { ...owner, customer, ref };
}

export const COUPON = {
  name: '免费洗车',
  description: '到店出示券码',
  kind: 'coupon',
  price: { points: 100, cashFen: 0 },
  stock: 50,
  perOwnerLimit: 5,
  uses: 1,
  validDays: 30,
  tiersAllowed: [],
  visibleFrom: null,
  visibleTo: null
} as const;

/** A reward created by a manager through the API. */
export async function makeReward(
  ctx: TestContext,
  manager: { auth: Record<string, string> },
  fields: Record<string, unknown> = {}
) {
  const res = await ctx
    .http()
    .post('/api/points/items')
    .set(manager.auth)
    .send({ ...COUPON, ...fields })
    .expect(201);
  return res.body as RewardItemView;
}

/** A DMS repair-order CSV (RO number, plate, day, type, amount, payer) in a fresh temporary folder. */
export function repairOrderCsv(rows: readonly string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'points-ro-')), 'ro.csv');
  writeFileSync(file, ['工单号,车牌号,进厂日期,维修类型,结算金额,付费类型', ...rows].join('\n') + '\n');
  return file;
}
