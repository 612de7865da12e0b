import type { Types } from 'mongoose';
import request from 'supertest';
import type { PayOrderCreatedResponse, RewardItemView } from '@dealer/shared';
import type { HandMadeNotification } from '../support/pay-notifications';
import { PayOrder } from '../../server/src/modules/pay/pay-order.model';
import { decodeBatch, PayReceiptBatch } from '../../server/src/modules/pay/pay-receipt.model';
import { makeDealership, makeStaff } from '../support/factories';
import type { TestContext } from '../support/harness';
import { makeMember, makeReward } from './points-support';

export { paidTrade, signedNotification, type HandMadeNotification } from '../support/pay-notifications';

/** Helpers of the WeChat Pay tests: a store with a cash item, orders, notifications made by hand. */

export const PACKAGE = {
  name: '4 次定保',
  description: '四次常规保养',
  kind: 'package',
  price: { points: 0, cashFen: 129_900 },
  uses: 4,
  stock: 50,
  perOwnerLimit: 5,
  validDays: 365
} as const;

export async function payStore(ctx: TestContext, fields: Record<string, unknown> = {}) {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id);
  const item: RewardItemView = await makeReward(ctx, manager, { ...PACKAGE, ...fields });
  return { dealership, manager, item };
}

export async function buyer(ctx: TestContext, dealershipId: Types.ObjectId, points = 0) {
  return makeMember(ctx, dealershipId, {}, points);
}

export async function placeOrder(ctx: TestContext, auth: Record<string, string>, itemId: string) {
  const res = await ctx.http().post('/api/pay/orders').set(auth).send({ itemId }).expect(201);
  return res.body as PayOrderCreatedResponse;
}

export const orderOf = (id: string) => PayOrder.findById(id).lean();

/** Polls until `check` holds (notifications arrive asynchronously). */
export async function until<T>(
  read: () => Promise<T>,
  check: (v: T) => boolean,
  timeoutMs = 10_000
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() - start > timeoutMs)
      throw new Error(`condition not met in ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Posts a notification as WeChat does. Plain supertest, not the contract-checked agent: the
 * notify URL speaks WeChat's protocol (`{"code":"FAIL","message"}`), not our API's error body.
 */
export function postNotification(ctx: TestContext, n: HandMadeNotification) {
  return request(ctx.server).post('/api/pay/notifications').set(n.headers).send(n.body);
}

/**
 * The stored receipts of these orders, each with its batch document (`applied`, `_id`): one entry
 * per stored copy (a payment may sit in two batches).
 */
export async function storedReceiptsOf(outTradeNos: readonly string[]) {
  const wanted = new Set(outTradeNos);
  const batches = (await PayReceiptBatch.find().lean()).map(decodeBatch);
  return batches.flatMap((batch) =>
    batch.receipts
      .filter((r) => wanted.has(r.outTradeNo))
      .map((r) => ({ ...r, batchId: String(batch._id), applied: batch.applied }))
  );
}
