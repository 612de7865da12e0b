import type { Types } from 'mongoose';
import { clock } from '../../lib/clock';
import { isDuplicateKeyError } from '../../lib/errors';
import { op } from '../../lib/query';
import { LotteryClaim } from './draw.model';

/**
 * Numbered slots claimed by unique insert (`<group>:<n>`, n = 1..max). The unique `_id` is what
 * guards the invariant (FerretDB has no atomic update); the per-process hint only saves
 * collisions: concurrent draws in one process take different numbers without trying each
 * other's. Slots are numbered from 1 with no cap when `max` is null (the draw sequence).
 */

const hints = new Map<string, number>();
/** Groups known to be full at a given max (units are never given back, so full stays full). */
const fullAt = new Map<string, number>();
/** Hints are only a speed-up: forgetting them all now and then bounds a long-running process's memory. */
const MAX_HINTS = 100_000;

export interface ClaimOwner {
  campaignId: Types.ObjectId;
  drawId: string;
}

async function tryInsert(group: string, n: number, owner: ClaimOwner): Promise<boolean> {
  try {
    await LotteryClaim.collection.insertOne({
      _id: `${group}:${n}` as unknown as Types.ObjectId,
      group,
      campaignId: owner.campaignId,
      drawId: owner.drawId,
      at: clock.now()
    });
    return true;
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    return false;
  }
}

/** The numbers taken in a group (one read: a group is a campaign's sequence or units at most). */
async function takenNumbers(group: string): Promise<Set<number>> {
  const taken = await LotteryClaim.find({ group }, { _id: 1 }).lean();
  return new Set(taken.map((c) => Number(String(c._id).slice(group.length + 1))));
}

/** Numbers below `upTo` not yet claimed: given back, or skipped by a process that stopped. */
function holesIn(used: Set<number>, upTo: number): number[] {
  return Array.from({ length: upTo - 1 }, (_, i) => i + 1).filter((n) => !used.has(n));
}

async function tryEach(group: string, numbers: readonly number[], owner: ClaimOwner): Promise<number | null> {
  for (const n of numbers) if (await tryInsert(group, n, owner)) return n;
  return null;
}

/**
 * Claims the next free slot of the group for the draw; its number, or null when all `max` are
 * taken. The first claim of a group in this process reads what is taken and fills holes first
 * (a number another process reserved but never stored before it stopped), so the sequence has
 * no gaps and no unit is left unsold. `givenBack`: slots of this group may be released (limits,
 * entries), so a full group is looked at again next time; units and the sequence never are.
 */
export async function claimSlot(
  group: string,
  max: number | null,
  owner: ClaimOwner,
  givenBack = false
): Promise<number | null> {
  if (max !== null && max <= 0) return null;
  if (max !== null && fullAt.get(group) === max) return null;
  if (hints.size > MAX_HINTS) hints.clear();
  let n = hints.get(group);
  // A group that gives slots back (an owner's limits and entries) is small: start from 1, the
  // inserts find the free number; the holes of a sequence or of units are looked up once.
  if (n === undefined && givenBack) n = 1;
  if (n === undefined) {
    const used = await takenNumbers(group);
    const next = used.size === 0 ? 1 : Math.max(...used) + 1;
    hints.set(group, next);
    const filled = await tryEach(group, holesIn(used, Math.min(next, (max ?? next - 1) + 1)), owner);
    if (filled !== null) return filled;
    n = hints.get(group) ?? next;
  }
  for (;;) {
    if (max !== null && n > max) break;
    hints.set(group, Math.max(hints.get(group) ?? 0, n + 1));
    if (await tryInsert(group, n, owner)) return n;
    n = Math.max(n + 1, hints.get(group) ?? 0);
  }
  if (max === null) return null;
  const filled = await tryEach(group, holesIn(await takenNumbers(group), max + 1), owner);
  if (filled !== null) return filled;
  if (!givenBack) fullAt.set(group, max);
  return null;
}

/** Whether this process has seen every number up to `max` taken (a hint: slots may be given back). */
export const seenFull = (group: string, max: number) => (hints.get(group) ?? 0) > max;

/**
 * Groups that gives slots back (limits) a read confirmed full, with the draws holding the
 * slots: trusted until this process gives one of them back or `CONFIRMED_FULL_MS` passes
 * (another instance giving one back is seen when the confirmation expires).
 */
const confirmedFull = new Map<string, { max: number; holders: Set<string>; until: number }>();
export const CONFIRMED_FULL_MS = 10_000;

/**
 * The draws holding every slot of a full group (remembered, or read once and remembered), or
 * null when a slot is free. Holders let a retry of one of those draws through.
 */
export async function fullGroupHolders(group: string, max: number): Promise<Set<string> | null> {
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

/** Whether this process already found every slot of the group taken (no claim is tried then). */
export const knownFull = (group: string, max: number) => fullAt.get(group) === max;

/** The draw's claims (a resumed draw reuses what it took before it stopped). */
export async function claimsOf(drawId: string): Promise<Map<string, number>> {
  const rows = await LotteryClaim.find({ drawId }, { _id: 1, group: 1 }).lean();
  return new Map(rows.map((c) => [c.group, Number(String(c._id).slice(c.group.length + 1))]));
}

/** Gives back the draw's claims in these groups (a refused draw takes nothing). */
export async function releaseClaims(drawId: string, groups: readonly string[]): Promise<void> {
  if (groups.length === 0) return;
  const rows = await LotteryClaim.find({ drawId }, { _id: 1, group: 1 }).lean();
  const ids = rows.filter((c) => groups.includes(c.group)).map((c) => c._id);
  if (ids.length > 0) await LotteryClaim.deleteMany({ _id: op.in(ids) });
  for (const g of groups) {
    hints.delete(g);
    confirmedFull.delete(g);
  }
}

/** How many slots of a group are taken (stock given out, draws of a day …). */
export const takenIn = (group: string) => LotteryClaim.countDocuments({ group });

/** Slot groups, one name per invariant. */
export const groups = {
  sequence: (campaignId: string) => `${campaignId}:seq`,
  unit: (campaignId: string, prizeId: string) => `${campaignId}:unit:${prizeId}`,
  prizeLimit: (campaignId: string, customerId: string, prizeId: string) =>
    `${campaignId}:prize:${customerId}:${prizeId}`,
  dayLimit: (campaignId: string, customerId: string, day: string) =>
    `${campaignId}:limit-day:${customerId}:${day}`,
  campaignLimit: (campaignId: string, customerId: string) => `${campaignId}:limit-all:${customerId}`,
  freeDay: (campaignId: string, customerId: string, day: string) =>
    `${campaignId}:free-day:${customerId}:${day}`,
  freeCampaign: (campaignId: string, customerId: string) => `${campaignId}:free-all:${customerId}`,
  earned: (campaignId: string, customerId: string) => `${campaignId}:earned:${customerId}`
};
