import { Types } from 'mongoose';
import { DEFAULT_POINTS_RULES, type PointsRules } from '@dealer/shared';
import { clock, shanghaiDate } from '../../lib/clock';
import { isDuplicateKeyError } from '../../lib/errors';
import { PointsRulesRecord } from './points-rules.model';

/** A dealership's points rules (the defaults until a manager changes them). */
export async function rulesOf(dealershipId: string): Promise<PointsRules> {
  const stored = await PointsRulesRecord.findById(dealershipId).lean();
  if (!stored) return DEFAULT_POINTS_RULES;
  return {
    pointsPerYuan: stored.pointsPerYuan,
    tierMultipliers: {
      A: stored.tierMultipliers?.A ?? DEFAULT_POINTS_RULES.tierMultipliers.A,
      B: stored.tierMultipliers?.B ?? DEFAULT_POINTS_RULES.tierMultipliers.B,
      C: stored.tierMultipliers?.C ?? DEFAULT_POINTS_RULES.tierMultipliers.C,
      D: stored.tierMultipliers?.D ?? DEFAULT_POINTS_RULES.tierMultipliers.D
    },
    untieredMultiplier: stored.untieredMultiplier,
    bindingBonus: stored.bindingBonus,
    birthdayBonus: stored.birthdayBonus,
    surveyBonus: stored.surveyBonus,
    referralBonus: stored.referralBonus ?? DEFAULT_POINTS_RULES.referralBonus,
    expiryYearsAfterEarning: stored.expiryYearsAfterEarning,
    approvalThreshold: stored.approvalThreshold,
    valuePerPointFen: stored.valuePerPointFen
  };
}

/** Replaces the rules ($set of every field; a first save races on the `_id` and retries once). */
export async function saveRules(dealershipId: string, rules: PointsRules): Promise<PointsRules> {
  const write = () =>
    PointsRulesRecord.updateOne(
      { _id: new Types.ObjectId(dealershipId) },
      { $set: { ...rules, updatedAt: clock.now() } },
      { upsert: true }
    );
  try {
    await write();
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    await write();
  }
  return rulesOf(dealershipId);
}

/** Points earned at `at` expire at the end of the year N years later (Asia/Shanghai); null: never. */
export function expiryFor(rules: PointsRules, at: Date): string | null {
  if (rules.expiryYearsAfterEarning === 0) return null;
  const year = Number(shanghaiDate(at).slice(0, 4)) + rules.expiryYearsAfterEarning;
  return `${year}-12-31`;
}

/** Points for a customer-paid amount: whole yuan × points per yuan × the tier's multiplier, rounded down. */
export function pointsForPaidService(rules: PointsRules, amountFen: number, tier: string | null): number {
  const multiplier =
    tier === 'A' || tier === 'B' || tier === 'C' || tier === 'D'
      ? rules.tierMultipliers[tier]
      : rules.untieredMultiplier;
  const yuan = Math.floor(Math.max(0, amountFen) / 100);
  return Math.floor(yuan * rules.pointsPerYuan * multiplier + 1e-9);
}
