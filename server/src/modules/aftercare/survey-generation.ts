import { Types } from 'mongoose';
import type { JobContext } from '../../lib/jobs/define';
import { insertManyUnique } from '../../lib/jobs/unique-insert';
import { op } from '../../lib/query';
import { keywordsByType, sendOneMessages, type OneMessage } from '../care/engine/one-message';
import { Survey } from './survey.model';
import { visitSnapshot, type VisitFacts } from './visits';

/** The dispatch log names survey invitations by this source id (they have no care rule). */
export const SURVEY_SOURCE_ID = new Types.ObjectId('00000000000000000000a0f7');
export const SURVEY_PAGE = 'pages/owner/survey/index';
const SURVEY_SEND_WINDOW = { start: '09:00', end: '21:00' };

/**
 * One survey per service visit (unique `visitKey`), then its invitation through care's
 * once-only dispatch (`survey:<visitKey>`): an inbox notice for a bound owner, and a WeChat
 * subscribe message when the owner has a consent left. A rerun or a second instance finds
 * both keys taken and only finishes what is unfinished. Returns how many surveys were new.
 */
export async function generateSurveys(
  visits: readonly VisitFacts[],
  dealer: { _id: Types.ObjectId; name: string },
  ctx: JobContext,
  now: Date
): Promise<number> {
  if (visits.length === 0) return 0;
  const docs = visits.map((v) => ({
    _id: new Types.ObjectId(),
    visitKey: v.key,
    dealershipId: v.dealershipId,
    customerId: v.customerId,
    advisorId: v.customer.advisorId,
    visit: visitSnapshot(v),
    createdAt: now
  }));
  const inserted = await insertManyUnique(Survey, docs);
  // Only visits surveyed before (a rerun, another instance) need their survey's id read back.
  const earlier = docs.filter((_, i) => !inserted[i]).map((d) => d.visitKey);
  const existing = earlier.length
    ? await Survey.find({ visitKey: op.in(earlier) }, { visitKey: 1 }).lean()
    : [];
  const idOf = new Map([
    ...docs.filter((_, i) => inserted[i]).map((d) => [d.visitKey, String(d._id)] as const),
    ...existing.map((e) => [e.visitKey, String(e._id)] as const)
  ]);
  const messages: OneMessage[] = visits
    .filter((v) => v.customer.ownerId && idOf.has(v.key))
    .map((v) => {
      const title = '邀请您评价本次服务';
      return {
        key: `survey:${v.key}`,
        sourceId: SURVEY_SOURCE_ID,
        occasion: 'survey',
        occasionDate: v.date,
        dealershipId: v.dealershipId,
        customerId: v.customerId,
        templateKeys: ['survey', 'care'],
        page: `${SURVEY_PAGE}?id=${idOf.get(v.key) ?? ''}`,
        title,
        body: `${v.customer.name}您好，感谢您${v.date}到店${v.plate ? `（${v.plate}）` : ''}，请为本次服务打分，您的意见对我们很重要。`,
        keywords: keywordsByType({ title, date: v.date, dealershipName: dealer.name }),
        // A service notice about the owner's own visit: no marketing consent asked.
        marketing: false,
        sendWindow: SURVEY_SEND_WINDOW
      };
    });
  await sendOneMessages(messages, ctx);
  return inserted.filter(Boolean).length;
}
