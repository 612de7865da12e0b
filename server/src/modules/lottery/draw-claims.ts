import type { Types } from 'mongoose';
import { clock } from '../../lib/clock';
import { batchedUniqueInsert } from '../../lib/jobs/unique-insert';
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
export const MAX_HINTS = 100_000;

export interface ClaimOwner {
  campaignId: Types.ObjectId;
  drawId: string;
}

/** Slots this process is inserting right now: not holes, whatever a read says. */
const inserting = new Set<string>();
/** A group's first read in this process, shared by the claims that arrive while it runs. */
const firstReads = new Map<string, Promise<Set<number>>>();

/** Claims of concurrent draws go to the database together (one insert for the batch). */
const insertClaim = batchedUniqueInsert<ClaimDocument>(LotteryClaim);

interface ClaimDocument {
  _id: string;
  group: string;
  campaignId: Types.ObjectId;
  drawId: string;
  at: Date;
}

async function tryInsert(group: string, n: number, owner: ClaimOwner): Promise<boolean> {
  const _id = `${group}:${n}`;
  inserting.add(_id);
  try {
    return await insertClaim({
      _id,
      group,
      campaignId: owner.campaignId,
      drawId: owner.drawId,
      at: clock.now()
    });
  } finally {
    inserting.delete(_id);
  }
}

/** The numbers taken in a group (one read: a group is a campaign's sequence or units at most). */
async function takenNumbers(group: string): Promise<Set<number>> {
  const taken = await LotteryClaim.find({ group }, { _id: 1 }).lean();
  return new Set(taken.map((c) => Number(String(c._id).slice(group.length + 1))));
}

/** Numbers below `upTo` not yet claimed: given back, or skipped by a process that stopped. */
function holesIn(group: string, used: Set<number>, upTo: number): number[] {
  return Array.from({ length: upTo - 1 }, (_, i) => i + 1).filter(
    (n) => !used.has(n) && !inserting.has(`${group}:${n}`)
  );
}

/** What is taken in the group, read once however many claims arrive while the read runs. */
function firstRead(group: string): Promise<Set<number>> {
  const running = firstReads.get(group);
  if (running) return running;
  const reading = takenNumbers(group).finally(() => firstReads.delete(group));
  firstReads.set(group, reading);
  return reading;
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
    const used = await firstRead(group);
    const next = used.size === 0 ? 1 : Math.max(...used) + 1;
    hints.set(group, Math.max(hints.get(group) ?? 0, next));
    const filled = await tryEach(group, holesIn(group, used, Math.min(next, (max ?? next - 1) + 1)), owner);
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
  const filled = await tryEach(group, holesIn(group, await takenNumbers(group), max + 1), owner);
  if (filled !== null) return filled;
  if (!givenBack) fullAt.set(group, max);
  return null;
}

/** Whether this process has seen every number up to `max` taken (a hint: slots may be given back). */
export const seenFull = (group: string, max: number) => (hints.get(group) ?? 0) > max;

/** Whether this process already found every slot of the group taken (no claim is tried then). */
export const knownFull = (group: string, max: number) => fullAt.get(group) === max;

/** After slots of these groups were given back: forget what this process knew of them. */
export function forgetHints(groups: readonly string[]): void {
  for (const g of groups) hints.delete(g);
}
