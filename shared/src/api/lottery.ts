import { z } from 'zod';
import { TIERS } from '../labels/classes';
import { objectId } from './common';
import { sceneString } from './bindings';
import {
  LOTTERY_CAMPAIGN_STATUSES,
  LOTTERY_DRAW_FATES,
  LOTTERY_EARNED_BY,
  LOTTERY_ENTRY_KINDS,
  LOTTERY_PRIZE_KINDS
} from '../labels/lottery';
import { REWARD_KINDS, voucherCode } from './points';

/**
 * Lottery campaigns (抽奖活动): the terms marketing writes (stored exactly as the domain's
 * `CampaignTerms`, shared/src/domain/lottery), the staff lifecycle, the owner's draw, the
 * public rules and verification. docs/lottery.md.
 */

export * from '../labels/lottery';

/** An ISO 8601 instant (`2026-05-01T00:00:00+08:00` or `…Z`). */
const instant = z.string().datetime({ offset: true, message: '时间格式应为 ISO 8601' });
const text = (max: number) => z.string().trim().max(max);
const count = z.number().int().min(0).max(1_000_000);
const limit = z.number().int().min(1).max(10_000).nullable();

export const lotteryPrize = z.strictObject({
  /** Stable within the campaign: draws and the verification name prizes by it. */
  id: z.string().regex(/^[a-z0-9_-]{1,24}$/, '奖品编号为 1-24 位小写字母、数字、下划线或横线'),
  name: text(40).min(1),
  kind: z.enum(LOTTERY_PRIZE_KINDS),
  /** Market value of one prize in fen (the ¥50,000 cap is checked on it). */
  valueFen: z.number().int().min(0).max(1_000_000_000),
  weight: z.number().int().min(0).max(1_000_000_000),
  /** Units to give out; null: unlimited (only the 谢谢参与 prize). */
  stock: count.nullable(),
  /** Voucher prizes: the rewards-catalog item issued (no points spent). */
  rewardItemId: objectId.nullable().default(null),
  /** Points prizes: how many points are credited. */
  points: z.number().int().min(1).max(1_000_000).nullable().default(null)
});

export const lotteryCampaignTerms = z.strictObject({
  name: text(60).min(1),
  startsAt: instant,
  endsAt: instant,
  audience: z.strictObject({
    tiers: z.array(z.enum(TIERS)).max(TIERS.length),
    segmentId: objectId.nullable(),
    allBound: z.boolean(),
    /** New prospects who scan the campaign's event QR code. */
    prospects: z.boolean()
  }),
  entry: z.strictObject({
    freePerDay: count,
    freePerCampaign: count,
    /** null: draws cannot be bought with points. */
    pointsPerDraw: z.number().int().min(1).max(1_000_000).nullable(),
    earnedBy: z.array(z.enum(LOTTERY_EARNED_BY)).max(LOTTERY_EARNED_BY.length)
  }),
  prizes: z.array(lotteryPrize).min(1).max(20),
  limits: z.strictObject({ perDay: limit, perCampaign: limit, perPrize: limit }),
  claimDeadline: instant,
  /** Disclosures the rules page must carry (SAMR 2020); empty strings are reported at publication. */
  disclosure: z.strictObject({
    organiser: text(100),
    contact: text(100),
    drawMethod: text(500),
    claimMethod: text(500),
    delivery: text(500),
    forfeitConditions: text(500),
    /** Show the odds of each prize (true) or their quantities (false). */
    showOdds: z.boolean()
  })
});
export type LotteryCampaignTermsInput = z.infer<typeof lotteryCampaignTerms>;

export const createLotteryCampaignRequest = z.strictObject({
  /** A group admin names the dealership; others create in their own. */
  dealershipId: objectId.optional(),
  terms: lotteryCampaignTerms
});
export const updateLotteryCampaignRequest = z.strictObject({ terms: lotteryCampaignTerms });
export const rejectLotteryCampaignRequest = z.strictObject({ reason: text(200).min(2) });

export const lotteryCampaignQuery = z.strictObject({
  dealershipId: objectId.optional(),
  status: z.enum(LOTTERY_CAMPAIGN_STATUSES).optional()
});

export const lotteryCampaignView = z.object({
  id: objectId,
  dealershipId: objectId,
  status: z.enum(LOTTERY_CAMPAIGN_STATUSES),
  terms: lotteryCampaignTerms,
  /** Revision of the terms (1 at creation; each accepted change adds one). */
  version: z.number().int(),
  /** sha256 of the secret seed, published at publication. */
  commitment: z.string().nullable(),
  /** The seed itself: only once the campaign has ended and it is revealed. */
  seedHex: z.string().nullable(),
  /** The event QR code's scene (`l=<campaignId>`): prospects scan it to join. */
  scene: z.string(),
  /** Why publication was refused or the campaign sent back (latest decision). */
  problems: z.array(z.string()),
  submittedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  seedRevealedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string()
});
export type LotteryCampaignView = z.infer<typeof lotteryCampaignView>;
export const lotteryCampaignList = z.object({ items: z.array(lotteryCampaignView) });

/** The public rules page: sections generated from the campaign (rulesDocument). */
export const lotteryRulesView = z.object({
  campaignId: objectId,
  name: z.string(),
  status: z.enum(LOTTERY_CAMPAIGN_STATUSES),
  commitment: z.string().nullable(),
  seedHex: z.string().nullable(),
  sections: z.array(z.object({ key: z.string(), title: z.string(), lines: z.array(z.string()) }))
});

/** The published campaign (domain `PublishedCampaign`): what the verification recomputes. */
export const lotteryVerificationView = z.object({
  campaignId: objectId,
  commitment: z.string(),
  seedHex: z.string().nullable(),
  prizes: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      kind: z.enum(LOTTERY_PRIZE_KINDS),
      valueFen: z.number().int(),
      weight: z.number().int(),
      stock: z.number().int().nullable()
    })
  ),
  perOwnerPrizeLimit: z.number().int().nullable(),
  stockRaises: z.array(
    z.object({
      prizeId: z.string(),
      fromStock: z.number().int(),
      toStock: z.number().int(),
      firstSeq: z.number().int()
    })
  ),
  draws: z.array(
    z.object({
      drawId: z.string(),
      seq: z.number().int(),
      participant: z.string(),
      picked: z.string(),
      awarded: z.string(),
      fate: z.enum(LOTTERY_DRAW_FATES)
    })
  )
});

export type LotteryVerificationView = z.infer<typeof lotteryVerificationView>;

// --- owner side -----------------------------------------------------------------------

export const lotteryDrawRequest = z.strictObject({
  /** Chosen by the client once per tap: a retry with the same key returns the same draw. */
  idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '幂等键为 8-64 位字母、数字、下划线或横线')
});

export const lotteryDrawView = z.object({
  id: z.string(),
  campaignId: objectId,
  campaignName: z.string(),
  seq: z.number().int(),
  entry: z.enum(LOTTERY_ENTRY_KINDS),
  pointsSpent: z.number().int(),
  prize: z.object({ id: z.string(), name: z.string(), kind: z.enum(LOTTERY_PRIZE_KINDS) }),
  fate: z.enum(LOTTERY_DRAW_FATES),
  /** Points prizes: points credited. */
  pointsAwarded: z.number().int(),
  /** Voucher prizes: the voucher's code (shown at the desk). */
  voucherCode: z.string().nullable(),
  /** Gift prizes: the pickup code shown at the store, until the claim deadline. */
  pickupCode: z.string().nullable(),
  claimDeadline: z.string().nullable(),
  pickedUpAt: z.string().nullable(),
  drawnAt: z.string()
});
export type LotteryDrawView = z.infer<typeof lotteryDrawView>;
export const lotteryDrawList = z.object({ items: z.array(lotteryDrawView) });

/** A campaign as an owner sees it: the terms, their entries left today, their draws. */
export const ownerLotteryCampaignView = z.object({
  id: objectId,
  dealershipId: objectId,
  name: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  status: z.enum(LOTTERY_CAMPAIGN_STATUSES),
  open: z.boolean(),
  prizes: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(LOTTERY_PRIZE_KINDS) })),
  pointsPerDraw: z.number().int().nullable(),
  freeLeftToday: z.number().int(),
  drawsToday: z.number().int(),
  commitment: z.string().nullable()
});
export const ownerLotteryCampaignList = z.object({ items: z.array(ownerLotteryCampaignView) });

/** A prospect joins from the event QR code: the scene and the WeChat phone-number code. */
export const lotteryJoinRequest = z.strictObject({
  scene: sceneString,
  phoneCode: z.string().trim().min(1).max(128)
});
export const lotteryJoinResponse = z.object({
  campaign: ownerLotteryCampaignView,
  /** A new prospect archive was made for this phone number. */
  newProspect: z.boolean()
});

// --- staff: pickups, results ----------------------------------------------------------

/**
 * The rewards catalog as the campaign form needs it to pick a voucher prize (read-only, for
 * `lottery.campaigns`: marketing need not manage the catalog to choose from it).
 */
export const lotteryVoucherItemQuery = z.strictObject({ dealershipId: objectId.optional() });
export const lotteryVoucherItemView = z.object({
  id: objectId,
  name: z.string(),
  kind: z.enum(REWARD_KINDS),
  /** Days a voucher stays valid after issue. */
  validDays: z.number(),
  /** Inactive items are listed so a campaign naming one still shows its name. */
  active: z.boolean()
});
export const lotteryVoucherItemList = z.object({ items: z.array(lotteryVoucherItemView) });

/** Gift pickup codes have the voucher codes' form (10 characters of Crockford base32). */
export const lotteryPickupParams = z.strictObject({ code: voucherCode });
export const lotteryPickupView = z.object({
  code: z.string(),
  campaignName: z.string(),
  prizeName: z.string(),
  customerName: z.string(),
  claimDeadline: z.string().nullable(),
  pickedUpAt: z.string().nullable()
});

export const lotteryPrizeResult = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(LOTTERY_PRIZE_KINDS),
  stock: z.number().int().nullable(),
  awarded: z.number().int(),
  left: z.number().int().nullable(),
  claimed: z.number().int(),
  costFen: z.number().int()
});
export const lotteryResultsView = z.object({
  campaignId: objectId,
  draws: z.number().int(),
  participants: z.number().int(),
  winners: z.number().int(),
  prizes: z.array(lotteryPrizeResult),
  costFen: z.number().int(),
  pointsSpent: z.number().int(),
  newProspects: z.number().int(),
  newBindings: z.number().int(),
  prizesClaimed: z.number().int()
});

export const lotteryConversionView = z.object({
  campaignId: objectId,
  prospects: z.number().int(),
  bound: z.number().int(),
  visited: z.number().int(),
  bought: z.number().int(),
  rows: z.array(
    z.object({
      customerId: objectId,
      name: z.string(),
      mobileTail: z.string(),
      joinedAt: z.string(),
      boundAt: z.string().nullable(),
      firstVisit: z.string().nullable(),
      boughtOn: z.string().nullable()
    })
  )
});
