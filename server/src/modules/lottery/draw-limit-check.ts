import { conflict } from '../../lib/errors';
import { groups } from './claim-groups';
import { MAX_HINTS, seenFull } from './draw-claims';
import { LotteryClaim } from './draw.model';

/**
 * Before a draw starts: a tap of an owner whose draw limit is full is refused at once, writing
 * nothing. Only when this process has seen the limit's numbers all taken is the group read
 * (one read, then remembered briefly: `fullGroupHolders`); a tap that retries one of the draws
 * holding the limit goes on and answers with its draw.
 */

/**
 * Limit groups a read confirmed full, with the draws holding the
 * slots: trusted until this process gives one of them back or `CONFIRMED_FULL_MS` passes
 * (another instance giving one back is seen when the confirmation expires).
 */
const confirmedFull = new Map<string, { max: number; holders: Set<string>; until: number }>();
const CONFIRMED_FULL_MS = 10_000;

/**
 * Limit slots this process's draws took (none given back since): when they fill a group, it is
 * full without a read — the common case, an owner's taps served by one instance.
 */
const heldHere = new Map<string, Set<string>>();

export function noteLimitHeld(group: string, drawId: string): void {
  if (heldHere.size > MAX_HINTS) heldHere.clear();
  const holders = heldHere.get(group) ?? new Set<string>();
  holders.add(drawId);
  heldHere.set(group, holders);
}

/**
 * The draws holding every slot of a full group (remembered, or read once and remembered), or
 * null when a slot is free. Holders let a retry of one of those draws through.
 */
export async function fullGroupHolders(group: string, max: number): Promise<Set<string> | null> {
  const own = heldHere.get(group);
  if (own && own.size >= max) return own;
  const known = confirmedFull.get(group);
  if (known && known.max === max && known.until > Date.now()) return known.holders;
  const rows = await LotteryClaim.find({ group }, { drawId: 1 }).lean();
  if (rows.length < max) {
    confirmedFull.delete(group);
    return null;
  }
  if (confirmedFull.size > MAX_HINTS) confirmedFull.clear();
  const holders = new Set(rows.map((r) => r.drawId));
  confirmedFull.set(group, { max, holders, until: Date.now() + CONFIRMED_FULL_MS });
  return holders;
}

/** After this process gave slots of these groups back: read them again next time. */
export function forgetConfirmed(groups: readonly string[]): void {
  for (const g of groups) {
    confirmedFull.delete(g);
    heldHere.delete(g);
  }
}

export const dailyLimit = (perDay: number | null) =>
  conflict('DAILY_DRAW_LIMIT', `每人每天最多抽奖 ${perDay} 次`);
export const campaignLimit = (perCampaign: number | null) =>
  conflict('CAMPAIGN_DRAW_LIMIT', `每人本活动最多抽奖 ${perCampaign} 次`);

export async function refuseWhenLimitFull(
  campaignId: string,
  customerId: string,
  day: string,
  limits: { perDay: number | null; perCampaign: number | null },
  drawId: string
): Promise<void> {
  const checks: Array<[string, number | null, () => Error]> = [
    [groups.dayLimit(campaignId, customerId, day), limits.perDay, () => dailyLimit(limits.perDay)],
    [
      groups.campaignLimit(campaignId, customerId),
      limits.perCampaign,
      () => campaignLimit(limits.perCampaign)
    ]
  ];
  for (const [group, max, refusal] of checks) {
    if (max === null || !seenFull(group, max)) continue;
    const holders = await fullGroupHolders(group, max);
    if (holders && !holders.has(drawId)) throw refusal();
  }
}
