import type { Types } from 'mongoose';
import type { z } from 'zod';
import type { createRewardItemRequest } from '@dealer/shared';
import { op } from '../../server/src/lib/query';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { ServiceRecord } from '../../server/src/modules/vehicles/service-record.model';
import { creditRepairOrders } from '../../server/src/modules/points/points-earning.service';
import { RewardItem } from '../../server/src/modules/points/reward.model';
import { createItem } from '../../server/src/modules/points/reward.service';
import { DEMO_OWNER } from './seed-demo';

/** The demo's rewards shop and the demo visitor's points, made through the points services. */

type RewardInput = z.output<typeof createRewardItemRequest>;
const everyone: Pick<RewardInput, 'tiersAllowed' | 'visibleFrom' | 'visibleTo'> = {
  tiersAllowed: [],
  visibleFrom: null,
  visibleTo: null
};

const DEMO_REWARDS: RewardInput[] = [
  {
    name: '免费洗车',
    description: '精致洗车一次，到店出示券码',
    kind: 'coupon',
    price: { points: 200, cashFen: 0 },
    stock: 500,
    perOwnerLimit: 5,
    uses: 1,
    validDays: 90,
    ...everyone
  },
  {
    name: '工时8折券',
    description: '维修保养工时费 8 折，一次有效',
    kind: 'coupon',
    price: { points: 500, cashFen: 0 },
    stock: 200,
    perOwnerLimit: 2,
    uses: 1,
    validDays: 180,
    ...everyone
  },
  {
    name: '4 次定保套餐',
    description: '常规定期保养 4 次（机油、机滤、工时），每次到店核销一次',
    kind: 'package',
    price: { points: 3000, cashFen: 0 },
    stock: 50,
    perOwnerLimit: 1,
    uses: 4,
    validDays: 730,
    ...everyone
  }
];

/** The rewards, unless the shop has items already (a second start adds nothing). */
export async function stockDemoShop(dealershipId: Types.ObjectId): Promise<number> {
  if (await RewardItem.exists({ dealershipId })) return 0;
  for (const reward of DEMO_REWARDS) await createItem(String(dealershipId), reward);
  return DEMO_REWARDS.length;
}

/**
 * The demo visitor's points, as the import hook would have credited them: their repair orders
 * of the last year (each RO once, however often this runs).
 */
export async function creditDemoVisitor(dealershipId: Types.ObjectId, sinceDay: string): Promise<number> {
  const visitor = await Customer.findOne({ dealershipId, mobile: DEMO_OWNER.mobile }, { _id: 1 }).lean();
  if (!visitor) return 0;
  const orders = await ServiceRecord.find(
    { customerId: visitor._id, serviceDate: op.gte(sinceDay) },
    { roNumber: 1, customerId: 1, amountFen: 1, paid: 1, payer: 1 }
  ).lean();
  const outcome = await creditRepairOrders(String(dealershipId), orders);
  return outcome.points;
}
