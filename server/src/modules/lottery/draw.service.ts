import type { LotteryDrawView } from '@dealer/shared';
import { clock, shanghaiDate } from '../../lib/clock';
import { AppError, unprocessable } from '../../lib/errors';
import { isOpenAt } from './campaign-terms';
import { campaignNotFound, liveCampaign, seedOf, type LiveCampaign } from './campaign-cache';
import { award } from './draw-award';
import { claimsOf } from './draw-claims-held';
import { takeLimitsAndEntry } from './draw-entry';
import { refuseWhenLimitFull } from './draw-limit-check';
import { fixOutcome } from './draw-outcome';
import { participantOf } from './draw-participant';
import { drawIdOf, newDraw, recordStart, storedDraw } from './draw-start';
import type { DrawRecord } from './draw.model';
import { presentDraw } from './draw.present';

/**
 * An owner's draw: one request key, one draw (its id is derived from the key). The start is
 * recorded first, then each step — limits and entry, sequence and outcome, award — is keyed by
 * the draw id, and the finished draw is inserted last; so a retried request, or the repair
 * sweep after a crash, finishes it without doing anything twice.
 */

/**
 * Draws being completed in this process: a retry arriving while its first request is still at
 * work waits for it instead of running the steps beside it (two runs could each take a number).
 */
const inFlight = new Map<string, Promise<DrawRecord>>();
/** Draws this process has just started (no claims to look up). */
const fresh = new WeakSet<DrawRecord>();

/** Takes a started draw to its end (or rethrows its refusal). */
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
  // A draw just started holds nothing yet; a stored one may hold what it took before it stopped.
  const claims = fresh.has(draw) ? new Map<string, number>() : await claimsOf(draw._id);
  const ctx = { campaign, draw, claims };
  await takeLimitsAndEntry(ctx);
  await fixOutcome(ctx, await seedOf(String(campaign._id)));
  await award(ctx);
  return ctx.draw;
}

/** A retry: the draw as stored, taken to its end (a draw never started: null). */
async function answerStored(campaign: LiveCampaign, drawId: string): Promise<LotteryDrawView | null> {
  const earlier = await storedDraw(drawId);
  return earlier ? presentDraw(campaign, await completeDraw(campaign, earlier)) : null;
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
    const earlier = await answerStored(campaign, drawIdOf(requestKey));
    if (earlier) return earlier;
    throw unprocessable('CAMPAIGN_NOT_OPEN', '活动不在进行中');
  }
  const participant = await participantOf(campaign, campaign.terms, ownerId);
  const record = newDraw(campaign, participant, requestKey, shanghaiDate(now), now);
  const { limits } = campaign.terms;
  await refuseWhenLimitFull(campaignId, String(participant.customerId), record.day, limits, record._id);
  // The draw id is unique: a retry (or a concurrent duplicate) finds the draw already started.
  if (!(await recordStart(record))) {
    const earlier = await answerStored(campaign, record._id);
    if (earlier) return earlier;
    throw new Error(`draw ${record._id} started but not found`);
  }
  fresh.add(record);
  return presentDraw(campaign, await completeDraw(campaign, record));
}
