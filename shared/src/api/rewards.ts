import { z } from 'zod';
import { TIERS } from '../domain/tiers';
import { objectId, realDate } from './common';
import { MAX_POINTS, REWARD_KINDS, voucherCode } from './points';

/** The rewards shop (积分商城): the catalog of a dealership and the vouchers owners redeem. */

// ---- catalog ----

const rewardItemFields = {
  name: z.string().trim().min(1, '请填写名称').max(60),
  description: z.string().trim().max(500).default(''),
  kind: z.enum(REWARD_KINDS),
  /** A price in points, cash (fen) or both. Cash needs WeChat Pay, which is not live yet. */
  price: z.strictObject({
    points: z.number().int().min(0).max(MAX_POINTS),
    cashFen: z.number().int().min(0).max(100_000_000)
  }),
  /** Units that can ever be redeemed. */
  stock: z.number().int().min(0).max(1_000_000),
  /** Redemptions one owner may make of this item. */
  perOwnerLimit: z.number().int().min(1).max(100),
  /** Uses a voucher carries: 1 for a coupon or goods, N for a package (e.g. 4 次定保). */
  uses: z.number().int().min(1).max(100),
  /** A voucher is valid this many days after redemption. */
  validDays: z.number().int().min(1).max(3650),
  /** Tiers that may redeem; empty: everyone. */
  tiersAllowed: z.array(z.enum(TIERS)).max(4),
  visibleFrom: realDate.nullable(),
  visibleTo: realDate.nullable()
};

export const createRewardItemRequest = z
  .strictObject({ dealershipId: objectId.optional(), ...rewardItemFields })
  .refine((i) => i.price.points > 0 || i.price.cashFen > 0, { message: '价格不能为 0', path: ['price'] })
  .refine((i) => !i.visibleFrom || !i.visibleTo || i.visibleFrom <= i.visibleTo, {
    message: '上架开始日期不能晚于结束日期',
    path: ['visibleTo']
  });

export const updateRewardItemRequest = z
  .strictObject({
    name: rewardItemFields.name,
    description: rewardItemFields.description,
    stock: rewardItemFields.stock,
    perOwnerLimit: rewardItemFields.perOwnerLimit,
    validDays: rewardItemFields.validDays,
    tiersAllowed: rewardItemFields.tiersAllowed,
    visibleFrom: rewardItemFields.visibleFrom,
    visibleTo: rewardItemFields.visibleTo,
    active: z.boolean()
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, '请至少修改一项');

export const rewardItemView = z.object({
  id: objectId,
  dealershipId: objectId,
  name: z.string(),
  description: z.string(),
  kind: z.enum(REWARD_KINDS),
  price: z.object({ points: z.number().int(), cashFen: z.number().int() }),
  stock: z.number().int(),
  /** Units redeemed so far (claims). */
  claimed: z.number().int(),
  perOwnerLimit: z.number().int(),
  uses: z.number().int(),
  validDays: z.number().int(),
  tiersAllowed: z.array(z.enum(TIERS)),
  visibleFrom: z.string().nullable(),
  visibleTo: z.string().nullable(),
  active: z.boolean()
});
export type RewardItemView = z.infer<typeof rewardItemView>;
export const rewardItemListResponse = z.object({ items: z.array(rewardItemView) });
export const shopQuery = z.strictObject({ dealershipId: objectId });

// ---- vouchers ----

export const VOUCHER_STATUSES = ['active', 'used_up', 'expired', 'reversed'] as const;

export const voucherView = z.object({
  id: objectId,
  code: voucherCode,
  dealershipId: objectId,
  item: z.object({ id: objectId, name: z.string(), kind: z.enum(REWARD_KINDS) }),
  pointsSpent: z.number().int(),
  usesTotal: z.number().int(),
  usesLeft: z.number().int(),
  /** The use number a desk confirms next (usesTotal + 1 when used up). */
  nextUse: z.number().int(),
  validUntil: z.string(),
  status: z.enum(VOUCHER_STATUSES),
  createdAt: z.string()
});
export type VoucherView = z.infer<typeof voucherView>;
export const myVouchersResponse = z.object({ items: z.array(voucherView) });

export const voucherUseView = z.object({
  number: z.number().int(),
  by: z.object({ id: objectId, name: z.string() }),
  at: z.string()
});

/** What the desk sees after scanning or typing a code. */
export const deskVoucherView = voucherView.extend({
  owner: z.object({ customerId: objectId, name: z.string(), mobileTail: z.string().nullable() }),
  uses: z.array(voucherUseView)
});
export type DeskVoucherView = z.infer<typeof deskVoucherView>;

/** Confirming one use: the use number the desk saw (`nextUse`), so two desks cannot both count one visit. */
export const confirmVoucherUseRequest = z.strictObject({ useNumber: z.number().int().min(1).max(100) });
