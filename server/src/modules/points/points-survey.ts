import mongoose, { Schema } from 'mongoose';
import { creditBonus } from './points-earning.service';
import { rulesOf } from './points-rules.service';
import type { PointsSources } from './points-sources';

/**
 * How far the survey sweep has read (`_id` = the source's name). Only a bookmark: the
 * credits are once-only by their source key, so a lost or repeated bookmark credits nothing twice.
 */
const pointsCursorSchema = new Schema(
  {
    _id: { type: String, required: true },
    afterId: { type: String, default: null },
    updatedAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'points_cursors' }
);
export const PointsCursor = mongoose.model('PointsCursor', pointsCursorSchema);

const BATCH = 500;

/** Credits the survey bonus for every answer the source has emitted since the bookmark. */
export async function creditSurveyAnswers(sources: PointsSources): Promise<number> {
  const since = sources.surveyAnswersSince;
  if (!since) return 0;
  const cursor = await PointsCursor.findById('survey').lean();
  let afterId = cursor?.afterId ?? null;
  let credited = 0;
  for (;;) {
    const answers = await since(afterId, BATCH);
    for (const a of answers) {
      const rules = await rulesOf(a.dealershipId);
      const ok = await creditBonus(
        { accountId: a.customerId, dealershipId: a.dealershipId },
        { source: 'survey', points: rules.surveyBonus, reason: '完成满意度调查', key: a.id }
      );
      if (ok) credited++;
    }
    if (answers.length === 0) break;
    afterId = answers[answers.length - 1].id;
    await PointsCursor.updateOne(
      { _id: 'survey' },
      { $set: { afterId, updatedAt: new Date() } },
      { upsert: true }
    );
    if (answers.length < BATCH) break;
  }
  return credited;
}
