import mongoose, { Schema } from 'mongoose';

/**
 * A dealership's points rules (shared/src/api/points.ts `pointsRules`); `_id` is the
 * dealership's id. Absent: the defaults. Written field by field.
 */
const pointsRulesSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    pointsPerYuan: { type: Number, required: true },
    tierMultipliers: {
      A: { type: Number, required: true },
      B: { type: Number, required: true },
      C: { type: Number, required: true },
      D: { type: Number, required: true }
    },
    untieredMultiplier: { type: Number, required: true },
    bindingBonus: { type: Number, required: true },
    birthdayBonus: { type: Number, required: true },
    surveyBonus: { type: Number, required: true },
    /** Absent in rules saved before referrals existed: the default. */
    referralBonus: { type: Number, default: null },
    expiryYearsAfterEarning: { type: Number, required: true },
    approvalThreshold: { type: Number, required: true },
    valuePerPointFen: { type: Number, required: true },
    updatedAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'points_rules' }
);

export const PointsRulesRecord = mongoose.model('PointsRules', pointsRulesSchema);
