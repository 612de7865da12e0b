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

/** Gives back the draw's claims in these groups (a refused draw takes nothing). */
export async function releaseClaims(drawId: string, groups: readonly string[]): Promise<void> {
  if (groups.length === 0) return;
  const rows = await LotteryClaim.find({ drawId }, { _id: 1, group: 1 }).lean();
  const ids = rows.filter((c) => groups.includes(c.group)).map((c) => c._id);
  if (ids.length > 0) await LotteryClaim.deleteMany({ _id: op.in(ids) });
  forgetHints(groups);
  forgetConfirmed(groups);
}

/** How many slots of a group are taken (stock given out, draws of a day …). */
export const takenIn = (group: string) => LotteryClaim.countDocuments({ group });
