import type { z } from 'zod';
import type { createRewardItemRequest } from '@dealer/shared';
import { Dealership } from '../../server/src/modules/dealerships/dealership.model';
import { RewardItem } from '../../server/src/modules/points/reward.model';
import { createItem } from '../../server/src/modules/points/reward.service';
import { op } from '../../server/src/lib/query';

/**
 * The demo shop's WeChat Pay items: a maintenance package for cash and a points + cash one, so
 * the H5 app's 模拟支付 has something to buy. Added once (a start that finds a cash item in the
 * shop adds nothing), also to a demo seeded before WeChat Pay existed.
 */

type RewardInput = z.output<typeof createRewardItemRequest>;

const DEMO_PAY_ITEMS: RewardInput[] = [
  {
    name: '4 次定保（微信支付）',
    description: '常规定期保养 4 次（机油、机滤、工时），微信支付 ¥1,299，每次到店核销一次',
    kind: 'package',
    price: { points: 0, cashFen: 129_900 },
    stock: 100,
    perOwnerLimit: 2,
    uses: 4,
    validDays: 730,
    tiersAllowed: [],
    visibleFrom: null,
    visibleTo: null
  },
  {
    name: '车内深度清洁（积分+现金）',
    description: '300 积分 + ¥99：内饰深度清洁一次',
    kind: 'coupon',
    price: { points: 300, cashFen: 9_900 },
    stock: 200,
    perOwnerLimit: 3,
    uses: 1,
    validDays: 180,
    tiersAllowed: [],
    visibleFrom: null,
    visibleTo: null
  }
];

export async function stockDemoPayItems(dealerCode: string): Promise<number> {
  const dealership = await Dealership.findOne({ code: dealerCode }, { _id: 1 }).lean();
  if (!dealership) return 0;
  if (await RewardItem.exists({ dealershipId: dealership._id, priceCashFen: op.gt(0) })) return 0;
  for (const item of DEMO_PAY_ITEMS) await createItem(String(dealership._id), item);
  return DEMO_PAY_ITEMS.length;
}
