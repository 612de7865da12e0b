import { AppError, conflict } from '../../lib/errors';
import { op } from '../../lib/query';
import { BindingEvent } from '../bindings/binding.model';
import { Booking } from '../bookings/booking.model';
import { SurveyAnswer } from '../aftercare/survey.model';
import { post } from '../points/ledger-lane';
import { alreadyPosted } from '../points/points-ledger';
import { groups } from './claim-groups';
import { claimSlot } from './draw-claims';
import { releaseClaims } from './draw-claims-held';
import { campaignLimit, dailyLimit, noteLimitHeld } from './draw-limit-check';
import { campaignIdOf, claimOwnerOf, customerIdOf, type DrawContext } from './draw-context';
import { recordFinished } from './draw-start';

/**
 * The first step of a draw: the owner's limits (draws per day, per campaign) and an entry — a
 * free draw of the day, a free draw of the campaign, one earned by an action, or one bought
 * with points (debited once: the ledger's source key is the draw's). When none is left, the
 * draw is refused and gives back what it claimed.
 */

type EntryKind = 'free_day' | 'free_campaign' | 'earned' | 'points';

export const pointsSourceKey = (dealershipId: string, drawId: string) => `${dealershipId}:lottery:${drawId}`;

/** Refuses the draw: it keeps its refusal (a retry answers the same) and gives back its claims. */
async function refuse(ctx: DrawContext, held: readonly string[], err: AppError): Promise<never> {
  await releaseClaims(ctx.draw._id, ctx.claims, held);
  const refusal = { status: err.status, code: err.code, message: err.message };
  ctx.draw = await recordFinished({ ...ctx.draw, state: 'refused', refusal });
  throw err;
}

/** Takes (or finds already taken) one slot of a group; whether the draw holds it now. */
async function hold(ctx: DrawContext, group: string, max: number | null): Promise<boolean> {
  if (ctx.claims.has(group)) return true;
  if (max === null) return true;
  const n = await claimSlot(group, max, claimOwnerOf(ctx), true);
  if (n !== null) ctx.claims.set(group, n);
  return n !== null;
}

/** Actions that earned an entry during the campaign: each binding, served booking or answered survey once. */
async function earnedEntries(ctx: DrawContext): Promise<number> {
  const { terms, dealershipId } = ctx.campaign;
  const customerId = ctx.draw.customerId;
  const since = new Date(terms.startsAt);
  const counts = await Promise.all(
    terms.entry.earnedBy.map((action) => {
      switch (action) {
        case 'binding':
          // Binding earns one entry, however often the owner unbinds and binds again.
          return BindingEvent.exists({ dealershipId, customerId, type: 'bind', at: op.gte(since) }).then(
            (e) => (e ? 1 : 0)
          );
        case 'booking_served':
          return Booking.countDocuments({ customerId, status: 'served', startsAt: op.gte(since) });
        case 'survey':
          return SurveyAnswer.countDocuments({ dealershipId, customerId, answeredAt: op.gte(since) });
      }
    })
  );
  return counts.reduce((a, b) => a + b, 0);
}

async function takeEntry(
  ctx: DrawContext,
  limits: readonly string[]
): Promise<{ kind: EntryKind; points: number }> {
  const { terms, dealershipId } = ctx.campaign;
  const c = campaignIdOf(ctx);
  const customer = customerIdOf(ctx);
  const freeDay = groups.freeDay(c, customer, ctx.draw.day);
  const freeCampaign = groups.freeCampaign(c, customer);
  const earned = groups.earned(c, customer);
  const sourceKey = pointsSourceKey(String(dealershipId), ctx.draw._id);
  // A resumed draw: the entry it took before it stopped.
  if (ctx.claims.has(freeDay)) return { kind: 'free_day', points: 0 };
  if (ctx.claims.has(freeCampaign)) return { kind: 'free_campaign', points: 0 };
  if (ctx.claims.has(earned)) return { kind: 'earned', points: 0 };
  const pointsPerDraw = terms.entry.pointsPerDraw ?? 0;
  const spent = pointsPerDraw > 0 ? await alreadyPosted(sourceKey) : null;
  if (spent?.entry) return { kind: 'points', points: -spent.entry.delta };

  if (terms.entry.freePerDay > 0 && (await hold(ctx, freeDay, terms.entry.freePerDay)))
    return { kind: 'free_day', points: 0 };
  if (terms.entry.freePerCampaign > 0 && (await hold(ctx, freeCampaign, terms.entry.freePerCampaign)))
    return { kind: 'free_campaign', points: 0 };
  if (terms.entry.earnedBy.length > 0) {
    const count = await earnedEntries(ctx);
    if (count > 0 && (await hold(ctx, earned, count))) return { kind: 'earned', points: 0 };
  }
  if (pointsPerDraw > 0) {
    try {
      await post(
        { accountId: customer, dealershipId: String(dealershipId) },
        {
          kind: 'spend',
          source: 'lottery',
          reason: `抽奖「${terms.name}」`,
          change: { type: 'debit', points: pointsPerDraw },
          sourceKey
        }
      );
    } catch (err) {
      if (err instanceof AppError && err.status < 500) return refuse(ctx, limits, err);
      throw err;
    }
    return { kind: 'points', points: pointsPerDraw };
  }
  return refuse(ctx, limits, conflict('NO_ENTRIES_LEFT', '您的抽奖机会已用完'));
}

/**
 * Limits, then the entry (kept on the draw's context; stored with the outcome — a resumed draw
 * finds its entry again from its claims or its ledger entry). Refusals throw and are kept.
 */
export async function takeLimitsAndEntry(ctx: DrawContext): Promise<void> {
  if (ctx.draw.entry) return;
  const { limits } = ctx.campaign.terms;
  const c = campaignIdOf(ctx);
  const customer = customerIdOf(ctx);
  const day = groups.dayLimit(c, customer, ctx.draw.day);
  const all = groups.campaignLimit(c, customer);
  if (!(await hold(ctx, day, limits.perDay))) return refuse(ctx, [], dailyLimit(limits.perDay));
  if (!(await hold(ctx, all, limits.perCampaign)))
    return refuse(ctx, [day], campaignLimit(limits.perCampaign));
  for (const group of [day, all]) if (ctx.claims.has(group)) noteLimitHeld(group, ctx.draw._id);
  const entry = await takeEntry(ctx, [day, all]);
  ctx.draw.entry = entry.kind;
  ctx.draw.pointsSpent = entry.points;
}
