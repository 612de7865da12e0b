import { createHash } from 'node:crypto';
import { batchedUniqueInsert } from '../../lib/jobs/unique-insert';
import type { LiveCampaign } from './campaign-cache';
import type { Participant } from './draw-participant';
import { participantHash } from './draw-participant';
import { LotteryDraw, type DrawRecord } from './draw.model';
import { LotteryDrawStart } from './draw-start.model';

/**
 * A draw's identity and start. The draw id is derived from the request key, so a retry (or a
 * duplicate sent at the same moment) names the same draw before reading anything; the start
 * is one unique insert, and the finished draw one more (no update on the way).
 */

/** Starts and finished draws of concurrent requests are stored together (one insert a batch). */
const insertStart = batchedUniqueInsert<DrawStart>(LotteryDrawStart);
const insertFinished = batchedUniqueInsert<DrawRecord>(LotteryDraw);

/** The draw id of a request key: 24 hex characters (an ObjectId's form: a voucher's redemption id). */
export const drawIdOf = (requestKey: string) =>
  createHash('sha256').update(requestKey).digest('hex').slice(0, 24);

type DrawStart = Pick<
  DrawRecord,
  | '_id'
  | 'requestKey'
  | 'campaignId'
  | 'dealershipId'
  | 'customerId'
  | 'ownerId'
  | 'day'
  | 'participant'
  | 'excluded'
  | 'createdAt'
>;

/** A draw in progress, from its start: nothing decided yet. */
export function pendingDraw(start: DrawStart): DrawRecord {
  return {
    ...start,
    state: 'pending',
    entry: null,
    pointsSpent: 0,
    seq: null,
    picked: null,
    awarded: null,
    fate: null,
    pointsAwarded: 0,
    voucherCode: null,
    pickupCode: null,
    refusal: null,
    drawnAt: null,
    doneAt: null
  };
}

export function newDraw(
  campaign: LiveCampaign,
  participant: Participant,
  requestKey: string,
  day: string,
  now: Date
): DrawRecord {
  return pendingDraw({
    _id: drawIdOf(requestKey),
    requestKey,
    campaignId: campaign._id,
    dealershipId: campaign.dealershipId,
    customerId: participant.customerId,
    ownerId: participant.ownerId,
    day,
    participant: participantHash(String(campaign._id), String(participant.customerId)),
    excluded: participant.excluded,
    createdAt: now
  });
}

/** Records the start; false when this draw had already started (a retry). */
export async function recordStart(draw: DrawRecord): Promise<boolean> {
  const start: DrawStart = {
    _id: draw._id,
    requestKey: draw.requestKey,
    campaignId: draw.campaignId,
    dealershipId: draw.dealershipId,
    customerId: draw.customerId,
    ownerId: draw.ownerId,
    day: draw.day,
    participant: draw.participant,
    excluded: draw.excluded,
    createdAt: draw.createdAt
  };
  return insertStart(start);
}

/** The draw as stored: finished (done or refused), else in progress from its start; null if never started. */
export async function storedDraw(drawId: string): Promise<DrawRecord | null> {
  const finished = await LotteryDraw.findById(drawId).lean<DrawRecord>();
  if (finished) return finished;
  const start = await LotteryDrawStart.findById(drawId).lean<DrawStart>();
  return start ? pendingDraw(start) : null;
}

/**
 * Stores the finished draw (done or refused) in one insert. The draw id is unique: when the
 * sweep and a retry both finish it, the second finds the first's record and takes it.
 */
export async function recordFinished(draw: DrawRecord): Promise<DrawRecord> {
  if (await insertFinished(draw)) return draw;
  const stored = await LotteryDraw.findById(draw._id).lean<DrawRecord>();
  if (!stored) throw new Error(`draw ${draw._id} neither stored nor found`);
  return stored;
}
