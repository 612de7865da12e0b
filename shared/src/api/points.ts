import { z } from 'zod';
import { objectId, pageOf, pagination, realDate } from './common';

/** Points (积分): ledger views, earning rules, referral, adjustments, reports (the catalog and vouchers: rewards.ts). */

/** The most points one rule, price or adjustment may name. */
export const MAX_POINTS = 10_000_000;

/** A positive whole number of points. */
export const pointsAmount = z
  .number({ error: '积分必须是数字' })
  .int('积分必须是整数')
  .positive('积分必须大于 0')
  .max(MAX_POINTS, '积分过大');

/** Voucher codes: 10 characters of Crockford base32 (no I, L, O, U). */
export const VOUCHER_CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{10}$/;
export const voucherCode = z
  .string()
  .regex(VOUCHER_CODE_PATTERN, '券码应为 10 位数字或大写字母（不含 I、L、O、U）');
export const voucherCodeParams = z.strictObject({ code: voucherCode });

/** What a reward of the shop is (the catalog itself: rewards.ts). */
export const REWARD_KINDS = ['coupon', 'package', 'goods'] as const;

export const POINTS_ENTRY_KINDS = ['earn', 'spend', 'refund', 'adjust', 'expire'] as const;
export const POINTS_SOURCES = [
  'repair_order',
  'binding',
  'birthday',
  'survey',
  'referral',
  'redemption',
  'reversal',
  /** Points part of a WeChat Pay order (reserved at order time, given back on close or refund). */
  'payment',
  'manual',
  'expiry',
  'lottery'
] as const;

export const pointsEntryView = z.object({
  seq: z.number().int(),
  kind: z.enum(POINTS_ENTRY_KINDS),
  source: z.enum(POINTS_SOURCES),
  /** Signed: positive credits, negative debits. */
  points: z.number().int(),
  balanceAfter: z.number().int(),
  reason: z.string(),
  at: z.string()
});
export type PointsEntryView = z.infer<typeof pointsEntryView>;

export const expiringPoints = z.object({ expiresOn: z.string(), points: z.number().int() });

export const pointsAccountView = z.object({
  dealershipId: objectId,
  dealershipName: z.string(),
  customerId: objectId,
  balance: z.number().int(),
  /** What expires when, soonest first (points without an expiry are not listed). */
  expiring: z.array(expiringPoints)
});
export type PointsAccountView = z.infer<typeof pointsAccountView>;

export const myPointsResponse = z.object({ accounts: z.array(pointsAccountView) });

export const pointsHistoryQuery = z.strictObject({ dealershipId: objectId, ...pagination });
export const pointsHistoryResponse = pageOf(pointsEntryView);

/** Staff: one customer's account at their dealership. */
export const customerPointsParams = z.strictObject({ customerId: objectId });
export const customerPointsResponse = z.object({
  account: pointsAccountView,
  recent: z.array(pointsEntryView)
});

// ---- earning rules and policy ----

const multiplier = z.number().min(0, '倍率不能为负').max(10, '倍率不能超过 10');

export const pointsRules = z.strictObject({
  /** Points per yuan of customer-paid service (before the tier multiplier). */
  pointsPerYuan: z.number().min(0).max(100),
  tierMultipliers: z.strictObject({ A: multiplier, B: multiplier, C: multiplier, D: multiplier }),
  /** Customers without a tier earn at this multiplier. */
  untieredMultiplier: multiplier,
  bindingBonus: z.number().int().min(0).max(MAX_POINTS),
  birthdayBonus: z.number().int().min(0).max(MAX_POINTS),
  surveyBonus: z.number().int().min(0).max(MAX_POINTS),
  /** To the owner who shared the mini-program, when a friend bound through it has a first customer-paid visit. */
  referralBonus: z.number().int().min(0).max(MAX_POINTS),
  /** Points earned in year Y expire at the end of year Y + N; 0: points never expire. */
  expiryYearsAfterEarning: z.number().int().min(0).max(10),
  /** Manual adjustments above this many points need a second manager's approval. */
  approvalThreshold: z.number().int().min(0).max(MAX_POINTS),
  /** What one point is worth, in fen, for the liability report. */
  valuePerPointFen: z.number().int().min(0).max(100_000)
});
export type PointsRules = z.infer<typeof pointsRules>;

export const DEFAULT_POINTS_RULES: PointsRules = {
  pointsPerYuan: 1,
  tierMultipliers: { A: 2, B: 1.5, C: 1.2, D: 1 },
  untieredMultiplier: 1,
  bindingBonus: 100,
  birthdayBonus: 200,
  surveyBonus: 50,
  referralBonus: 200,
  expiryYearsAfterEarning: 1,
  approvalThreshold: 1000,
  valuePerPointFen: 1
};

// ---- referral (an owner shares the mini-program, a friend binds through it) ----

/** The token a share carries: 12 characters of Crockford base32, naming the sharer and the dealership. */
export const REFERRAL_TOKEN_PATTERN = /^[0-9A-HJKMNP-TV-Z]{12}$/;
export const referralToken = z.string().regex(REFERRAL_TOKEN_PATTERN, '推荐码格式不正确');

export const referralQuery = z.strictObject({ dealershipId: objectId });
export const referralView = z.object({
  dealershipId: objectId,
  token: referralToken,
  /** The bind page of the dealership, carrying the token (the path a share opens). */
  sharePath: z.string(),
  /** Friends who bound through my shares, and those whose first paid visit earned me points. */
  invited: z.number().int(),
  rewarded: z.number().int(),
  referralBonus: z.number().int()
});
export type ReferralView = z.infer<typeof referralView>;

export const dealershipQuery = z.strictObject({ dealershipId: objectId.optional() });
export const pointsRulesView = pointsRules.extend({ dealershipId: objectId });

// ---- manual adjustments ----

export const ADJUSTMENT_STATUSES = ['applied', 'pending', 'rejected'] as const;

export const createAdjustmentRequest = z.strictObject({
  dealershipId: objectId.optional(),
  customerId: objectId,
  direction: z.enum(['credit', 'debit']),
  points: pointsAmount,
  reason: z.string().trim().min(2, '请填写调整原因（至少 2 个字）').max(200, '原因最多 200 字')
});

export const adjustmentView = z.object({
  id: objectId,
  dealershipId: objectId,
  customerId: objectId,
  customerName: z.string(),
  points: z.number().int(),
  reason: z.string(),
  status: z.enum(ADJUSTMENT_STATUSES),
  requestedBy: z.object({ id: objectId, name: z.string() }),
  decidedBy: z.object({ id: objectId, name: z.string() }).nullable(),
  requestedAt: z.string(),
  decidedAt: z.string().nullable()
});
export type AdjustmentView = z.infer<typeof adjustmentView>;

export const adjustmentListQuery = z.strictObject({
  dealershipId: objectId.optional(),
  status: z.enum(ADJUSTMENT_STATUSES).optional(),
  ...pagination
});
export const adjustmentListResponse = pageOf(adjustmentView);
export const decideAdjustmentRequest = z.strictObject({ decision: z.enum(['approve', 'reject']) });

// ---- reports ----

export const liabilityView = z.object({
  dealershipId: objectId,
  accounts: z.number().int(),
  outstandingPoints: z.number().int(),
  valuePerPointFen: z.number().int(),
  liabilityFen: z.number().int()
});

export const reconciliationQuery = z.strictObject({
  dealershipId: objectId.optional(),
  date: realDate.optional()
});
export const reconciliationView = z.object({
  dealershipId: objectId,
  date: z.string(),
  checkedAccounts: z.number().int(),
  outstandingPoints: z.number().int(),
  liabilityFen: z.number().int(),
  drift: z.array(
    z.object({
      customerId: objectId,
      balance: z.number().int(),
      sumOfEntries: z.number().int(),
      lots: z.number().int(),
      problem: z.string()
    })
  ),
  checkedAt: z.string()
});
export type ReconciliationView = z.infer<typeof reconciliationView>;
