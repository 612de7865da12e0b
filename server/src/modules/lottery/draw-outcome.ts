import { pickPrize, type DrawFate } from '@dealer/shared';
import { clock } from '../../lib/clock';
import { groups } from './claim-groups';
import { claimSlot, knownFull } from './draw-claims';
import { releaseClaims } from './draw-claims-held';
import { campaignIdOf, claimOwnerOf, customerIdOf, type DrawContext } from './draw-context';
import { fallbackPrize, prizeById } from './campaign-terms';

/**
 * The second step: the draw's place in the sequence, its pick (pickPrize(seed, drawId)) and
 * what it is awarded under the documented rule — the pick, unless the owner is staff
 * ('excluded'), already holds the per-prize limit ('over-limit') or the prize has no unit left
 * ('out-of-stock'); then the fallback prize (谢谢参与). The limit slot is claimed before the
 * unit and given back when no unit is left.
 */

async function sequenceOf(ctx: DrawContext): Promise<number> {
  const group = groups.sequence(campaignIdOf(ctx));
  const held = ctx.claims.get(group);
  if (held !== undefined) return held;
  const n = await claimSlot(group, null, claimOwnerOf(ctx));
  if (n === null) throw new Error('the sequence has no end');
  ctx.claims.set(group, n);
  return n;
}

async function fateOf(ctx: DrawContext, picked: string): Promise<DrawFate> {
  const { terms } = ctx.campaign;
  if (ctx.draw.excluded) return 'excluded';
  const prize = prizeById(terms, picked);
  if (!prize || prize.kind === 'none') return 'won';
  const c = campaignIdOf(ctx);
  const limitGroup = groups.prizeLimit(c, customerIdOf(ctx), prize.id);
  const unitGroup = groups.unit(c, prize.id);
  const owner = claimOwnerOf(ctx);
  // Out of stock for good: say so without taking (and giving back) a limit slot.
  if (prize.stock !== null && !ctx.claims.has(unitGroup) && knownFull(unitGroup, prize.stock))
    return 'out-of-stock';
  if (terms.limits.perPrize !== null && !ctx.claims.has(limitGroup)) {
    const slot = await claimSlot(limitGroup, terms.limits.perPrize, owner, true);
    if (slot === null) return 'over-limit';
    ctx.claims.set(limitGroup, slot);
  }
  if (prize.stock === null || ctx.claims.has(unitGroup)) return 'won';
  const unit = await claimSlot(unitGroup, prize.stock, owner);
  if (unit !== null) {
    ctx.claims.set(unitGroup, unit);
    return 'won';
  }
  await releaseClaims(ctx.draw._id, ctx.claims, [limitGroup]);
  ctx.claims.delete(limitGroup);
  return 'out-of-stock';
}

/**
 * One participant's fates are decided one after another in this process: a draw that gives back
 * its limit slot (no unit left) must not let a concurrent draw of the same owner be refused for
 * a limit the owner never reaches.
 */
const participantTurns = new Map<string, Promise<unknown>>();

function inTurn<T>(key: string, work: () => Promise<T>): Promise<T> {
  const before = participantTurns.get(key) ?? Promise.resolve();
  const mine = before.then(work, work);
  const settled = mine.catch(() => undefined);
  participantTurns.set(key, settled);
  void settled.then(() => {
    if (participantTurns.get(key) === settled) participantTurns.delete(key);
  });
  return mine;
}

/**
 * Fixes the draw's sequence, pick, award and fate on the draw's context. Nothing is written
 * here: the award step stores the outcome with the prize given, in one write. A draw stopped
 * before that computes the same outcome again from the claims it holds (and the same pick).
 */
export async function fixOutcome(ctx: DrawContext, seedHex: string): Promise<void> {
  if (ctx.draw.state !== 'pending') return;
  const seq = await sequenceOf(ctx);
  const picked = pickPrize(seedHex, ctx.draw._id, ctx.campaign.terms.prizes);
  const fate = await inTurn(`${campaignIdOf(ctx)}:${customerIdOf(ctx)}`, () => fateOf(ctx, picked));
  const awarded = fate === 'won' ? picked : fallbackPrize(ctx.campaign.terms).id;
  Object.assign(ctx.draw, { seq, picked, awarded, fate, drawnAt: clock.now() });
}
