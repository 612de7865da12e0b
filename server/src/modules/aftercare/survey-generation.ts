import { Types } from 'mongoose';
import type { JobContext } from '../../lib/jobs/define';
import { insertManyUnique } from '../../lib/jobs/unique-insert';
import { op } from '../../lib/query';
import {
  keywordsByType,
  queueOneMessages,
  requestRunId,
  sendOneMessages,
  type OneMessage
} from '../care/engine/one-message';
import { Survey } from './survey.model';
import { surveySnapshot, type VisitFacts } from './visit-facts';

/** The dispatch log names survey invitations by this source id (they have no care rule). */
export const SURVEY_SOURCE_ID = new Types.ObjectId('00000000000000000000a0f7');
export const SURVEY_PAGE = 'pages/owner/survey/index';
const SURVEY_SEND_WINDOW = { start: '09:00', end: '21:00' };

type MessageContext = Pick<JobContext, 'deps' | 'logger' | 'count' | 'runId'>;

/**
 * A survey is answered by a bound owner in the mini-program (invited by a subscribe message
 * or the inbox), so only visits whose customer has a bound owner at the dealership get one.
 * A customer who binds later gets the surveys of their recent visits then (survey-catch-up.ts).
 */
export const surveyable = (visits: readonly VisitFacts[]) => visits.filter((v) => v.customer.ownerId);

/**
 * One survey per visit (unique `visitKey`); returns how many are new and each visit's survey
 * id (read back only for visits surveyed before: a rerun, another instance, a catch-up).
 */
async function insertSurveys(visits: readonly VisitFacts[], now: Date) {
  const docs = visits.map((v) => ({
    _id: new Types.ObjectId(),
    visitKey: v.key,
    dealershipId: v.dealershipId,
    customerId: v.customerId,
    vehicleId: v.vehicleId,
    advisorId: v.customer.advisorId,
    visit: surveySnapshot(v),
    createdAt: now
  }));
  const inserted = await insertManyUnique(Survey, docs);
  const earlier = docs.filter((_, i) => !inserted[i]).map((d) => d.visitKey);
  const existing = earlier.length
    ? await Survey.find({ visitKey: op.in(earlier) }, { visitKey: 1 }).lean()
    : [];
  const idOf = new Map([
    ...docs.filter((_, i) => inserted[i]).map((d) => [d.visitKey, String(d._id)] as const),
    ...existing.map((e) => [e.visitKey, String(e._id)] as const)
  ]);
  return { created: inserted.filter(Boolean).length, idOf };
}

/** The invitation of each visit's survey, once-only under `survey:<visitKey>`. */
function invitations(
  visits: readonly VisitFacts[],
  idOf: ReadonlyMap<string, string>,
  dealer: { name: string }
): OneMessage[] {
  return visits
    .filter((v) => idOf.has(v.key))
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
        body: `${v.customer.name}您好，感谢您${v.date}到店保养维修，请为本次服务打分，您的意见对我们很重要。`,
        keywords: keywordsByType({ title, date: v.date, dealershipName: dealer.name }),
        // A service notice about the owner's own visit: no marketing consent asked.
        marketing: false,
        recipient: { name: v.customer.name, ownerId: v.customer.ownerId, advisorId: v.customer.advisorId },
        sendWindow: SURVEY_SEND_WINDOW
      };
    });
}

/**
 * The daily run: one survey per visit of a bound customer, then its invitation through
 * care's once-only dispatch (`survey:<visitKey>`): an inbox notice, and a WeChat subscribe
 * message when the owner has a consent left. A rerun or a second instance finds both keys
 * taken and only finishes what is unfinished. Returns how many surveys were new.
 */
export async function generateSurveys(
  visits: readonly VisitFacts[],
  dealer: { name: string },
  ctx: MessageContext,
  now: Date
): Promise<number> {
  const bound = surveyable(visits);
  if (bound.length === 0) return 0;
  const { created, idOf } = await insertSurveys(bound, now);
  await sendOneMessages(invitations(bound, idOf, dealer), ctx);
  return created;
}

/**
 * Outside a job (a binding request): the surveys of the visits of a customer who has just
 * bound, with their invitations planned for care's sender loop (no WeChat call in the request).
 */
export async function generateLateSurveys(
  visits: readonly VisitFacts[],
  dealer: { name: string },
  now: Date
): Promise<number> {
  const bound = surveyable(visits);
  if (bound.length === 0) return 0;
  const { created, idOf } = await insertSurveys(bound, now);
  await queueOneMessages(invitations(bound, idOf, dealer), { runId: requestRunId('survey-catch-up') });
  return created;
}
