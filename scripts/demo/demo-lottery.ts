import type { Types } from 'mongoose';
import { lotteryCampaignTerms, type StaffRole } from '@dealer/shared';
import type { StaffAuth } from '../../server/src/http/auth-context';
import { clock } from '../../server/src/lib/clock';
import { Binding } from '../../server/src/modules/bindings/binding.model';
import { Dealership } from '../../server/src/modules/dealerships/dealership.model';
import { LotteryCampaign } from '../../server/src/modules/lottery/campaign.model';
import { createCampaign } from '../../server/src/modules/lottery/campaign.service';
import { approveCampaign, submitCampaign } from '../../server/src/modules/lottery/campaign-publication';
import { draw } from '../../server/src/modules/lottery/draw.service';
import { RewardItem } from '../../server/src/modules/points/reward.model';
import { Staff } from '../../server/src/modules/staff/staff.model';

/**
 * The demo's running lottery campaign, made as in real use: the marketing specialist creates
 * and submits it, the manager approves (publishes) it; then every bound demo owner draws once
 * or twice, so "my draws" and the results page have content. Added once: a dealership that
 * has a campaign gets none (also a demo seeded before the lottery existed gets one).
 */

const DAY_MS = 24 * 3_600_000;
const VOUCHER_ITEM = '免费洗车';

async function staffAuth(dealershipId: Types.ObjectId, role: StaffRole): Promise<StaffAuth | null> {
  const staff = await Staff.findOne({ dealershipId, role }, { name: 1, role: 1 }).sort({ _id: 1 }).lean();
  if (!staff) return null;
  return {
    kind: 'staff',
    sessionId: `demo-${role}`,
    staffId: String(staff._id),
    name: staff.name,
    role,
    dealershipId: String(dealershipId)
  };
}

function demoTerms(voucherItemId: string) {
  const now = clock.now().getTime();
  return lotteryCampaignTerms.parse({
    name: '冬季关爱抽奖',
    startsAt: new Date(now - DAY_MS).toISOString(),
    endsAt: new Date(now + 30 * DAY_MS).toISOString(),
    audience: { tiers: [], segmentId: null, allBound: true, prospects: false },
    entry: { freePerDay: 3, freePerCampaign: 0, pointsPerDraw: null, earnedBy: [] },
    prizes: [
      {
        id: 'points',
        name: '200 积分',
        kind: 'points',
        valueFen: 2_000,
        weight: 30,
        stock: 300,
        rewardItemId: null,
        points: 200
      },
      {
        id: 'wash',
        name: '免费洗车券',
        kind: 'voucher',
        valueFen: 5_000,
        weight: 20,
        stock: 100,
        rewardItemId: voucherItemId,
        points: null
      },
      {
        id: 'mat',
        name: '汽车脚垫',
        kind: 'gift',
        valueFen: 30_000,
        weight: 5,
        stock: 10,
        rewardItemId: null,
        points: null
      },
      {
        id: 'thanks',
        name: '谢谢参与',
        kind: 'none',
        valueFen: 0,
        weight: 45,
        stock: null,
        rewardItemId: null,
        points: null
      }
    ],
    limits: { perDay: 3, perCampaign: 20, perPrize: 2 },
    claimDeadline: new Date(now + 60 * DAY_MS).toISOString(),
    disclosure: {
      organiser: '广州瑞丰大众4S店',
      contact: '020-88886666',
      drawMethod: '小程序内即时抽奖，结果由公开的随机种子决定，活动结束后可验证',
      claimMethod: '积分即时到账；洗车券在“我的券”中查看；实物奖品凭领奖码到店领取',
      delivery: '实物奖品到店自提',
      forfeitConditions: '领奖截止日后未领取视为放弃',
      showOdds: true
    }
  });
}

/** Returns how many campaigns it published (0 or 1) and how many draws the demo owners made. */
export async function runDemoLottery(dealerCode: string): Promise<{ campaigns: number; draws: number }> {
  const none = { campaigns: 0, draws: 0 };
  const dealership = await Dealership.findOne({ code: dealerCode }, { _id: 1 }).lean();
  if (!dealership || (await LotteryCampaign.exists({ dealershipId: dealership._id }))) return none;
  const marketing = await staffAuth(dealership._id, 'marketing');
  const manager = await staffAuth(dealership._id, 'manager');
  const voucherItem = await RewardItem.findOne(
    { dealershipId: dealership._id, name: VOUCHER_ITEM },
    { _id: 1 }
  ).lean();
  if (!marketing || !manager || !voucherItem) return none;
  const created = await createCampaign(marketing, undefined, demoTerms(String(voucherItem._id)));
  await submitCampaign(marketing, created.id);
  await approveCampaign(manager, created.id);
  const drawers = await Binding.find({ dealershipId: dealership._id }, { ownerId: 1 })
    .sort({ _id: 1 })
    .lean();
  let draws = 0;
  for (const [n, { ownerId }] of drawers.entries())
    for (let i = 1; i <= 1 + (n % 2); i++) {
      // A stable key: a start interrupted halfway repeats a draw's request, not the draw.
      await draw(String(ownerId), created.id, `demo-${String(ownerId)}-${i}`);
      draws++;
    }
  return { campaigns: 1, draws };
}
