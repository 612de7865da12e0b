import { op } from '../../lib/query';
import { forgetHints } from './draw-claims';
import { forgetConfirmed } from './draw-limit-check';
import { LotteryClaim } from './draw.model';

/** The claims a draw holds: found again (a resumed draw), given back (a refused draw), counted. */

/** The draw's claims (a resumed draw reuses what it took before it stopped). */
export async function claimsOf(drawId: string): Promise<Map<string, number>> {
  const rows = await LotteryClaim.find({ drawId }, { _id: 1, group: 1 }).lean();
  return new Map(rows.map((c) => [c.group, Number(String(c._id).slice(c.group.length + 1))]));
}

/**
 * Gives back the draw's claims in these groups (a refused draw takes nothing): the slots it
 * holds (`held`: group → number, as the draw took or found them) are deleted by id, no read.
 */
export async function releaseClaims(
  drawId: string,
  held: ReadonlyMap<string, number>,
  groups: readonly string[]
): Promise<void> {
  const ids = groups.filter((g) => held.has(g)).map((g) => `${g}:${held.get(g)}`);
  if (ids.length > 0) await LotteryClaim.deleteMany({ _id: op.in(ids), drawId });
  forgetHints(groups);
  forgetConfirmed(groups);
}

/** How many slots of a group are taken (stock given out, draws of a day …). */
export const takenIn = (group: string) => LotteryClaim.countDocuments({ group });
