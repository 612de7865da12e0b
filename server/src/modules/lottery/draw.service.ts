import { Types } from 'mongoose';
import type { LotteryDrawView } from '@dealer/shared';
import { clock, shanghaiDate } from '../../lib/clock';
import { AppError, unprocessable } from '../../lib/errors';
import { isOpenAt } from './campaign-terms';
import { campaignNotFound, liveCampaign, seedOf, type LiveCampaign } from './campaign-cache';
import { award } from './draw-award';
import { claimsOf } from './draw-claims';
import { fixOutcome } from './draw-outcome';
import { refuseWhenLimitFull, takeLimitsAndEntry } from './draw-entry';
import { participantHash, participantOf } from './draw-participant';
import { LotteryDraw, type DrawRecord } from './draw.model';
import { presentDraw } from './draw.present';

/**
 * An owner's draw: one request key, one draw. The draw is recorded first (pending), then each
 * step — limits and entry, sequence and outcome, award — is keyed by its id, so a retried
 * request, or the repair sweep after a crash, finishes it without doing anything twice.
 */

/**
 * Draws being completed in this process: a retry arriving while its first request is still at
 * work waits for it instead of running the steps beside it (two runs could each take a number).
 */
const inFlight = new Map<string, Promise<DrawRecord>>();
/** Draw records this process has just inserted (no claims to look up). */
const fresh = new WeakSet<DrawRecord>();

/** Takes a stored draw to its end (or rethrows its refusal). */
export function completeDraw(campaign: LiveCampaign, draw: DrawRecord): Promise<DrawRecord> {
  const running = inFlight.get(draw._id);
  if (running) return running;
  const work = runSteps(campaign, draw).finally(() => inFlight.delete(draw._id));
  inFlight.set(draw._id, work);
  return work;
}

async function runSteps(campaign: LiveCampaign, draw: DrawRecord): Promise<DrawRecord> {
  if (draw.state === 'refused') {
    const r = draw.refusal;
    throw new AppError(r?.status ?? 409, r?.code ?? 'DRAW_REFUSED', r?.message ?? '抽奖未成功');
  }
  if (draw.state === 'done') return draw;
  // A draw just recorded holds nothing yet; a stored one may hold what it took before it stopped.
  const claims = fresh.has(draw) ? new Map<string, number>() : await claimsOf(draw._id);
  const ctx = { campaign, draw, claims };
  await takeLimitsAndEntry(ctx);
  await fixOutcome(ctx, await seedOf(String(campaign._id)));
  await award(ctx);
  return ctx.draw;
}

async function stored(requestKey: string): Promise<DrawRecord | null> {
  return LotteryDraw.findOne({ requestKey }).lean<DrawRecord>();
}

export async function draw(
  ownerId: string,
  campaignId: string,
  idempotencyKey: string
): Promise<LotteryDrawView> {
  const campaign = await liveCampaign(campaignId);
  if (!campaign || campaign.status === 'draft' || campaign.status === 'submitted') throw campaignNotFound();
  const requestKey = `${campaignId}:${ownerId}:${idempotencyKey}`;
  const now = clock.now();
  if (campaign.status !== 'published' || !isOpenAt(campaign.terms, now)) {
    // A retry of a draw made while the campaign was open still answers with that draw.
    const earlier = await stored(requestKey);
    if (earlier) return presentDraw(campaign, await completeDraw(campaign, earlier));
    throw unprocessable('CAMPAIGN_NOT_OPEN', '活动不在进行中');
  }
  const participant = await participantOf(campaign, campaign.terms, ownerId);
  const day = shanghaiDate(now);
  const record: DrawRecord = {
    _id: new Types.ObjectId().toHexString(),
    campaignId: campaign._id,
    dealershipId: campaign.dealershipId,
    customerId: participant.customerId,
    ownerId: participant.ownerId,
    requestKey,
    day,
    state: 'pending',
    entry: null,
    pointsSpent: 0,
    seq: null,
    participant: participantHash(campaignId, String(participant.customerId)),
    excluded: participant.excluded,
    picked: null,
    awarded: null,
    fate: null,
    pointsAwarded: 0,
    voucherCode: null,
    pickupCode: null,
    refusal: null,
    createdAt: now,
    drawnAt: null,
    doneAt: null
  };
  try {
    await refuseWhenLimitFull(campaignId, String(participant.customerId), day, campaign.terms.limits);
    // The request key is unique: a retry (or a concurrent duplicate) finds the draw already recorded.
    await LotteryDraw.collection.insertOne(record as unknown as Record<string, unknown> & { _id: never });
  } catch (err) {
    const earlier = await stored(requestKey);
    if (!earlier) throw err;
    return presentDraw(campaign, await completeDraw(campaign, earlier));
  }
  fresh.add(record);
  return presentDraw(campaign, await completeDraw(campaign, record));
}
