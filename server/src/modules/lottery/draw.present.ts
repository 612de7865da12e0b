import type { CampaignTerms, LotteryDrawView } from '@dealer/shared';
import { fallbackPrize, prizeById } from './campaign-terms';
import type { DrawRecord } from './draw.model';

/** A drawn draw as its owner sees it: what was won and how to claim it. */
export function presentDraw(
  campaign: { _id: unknown; terms: CampaignTerms },
  d: DrawRecord,
  pickedUpAt: Date | null = null
): LotteryDrawView {
  const { terms } = campaign;
  const prize = (d.awarded ? prizeById(terms, d.awarded) : undefined) ?? fallbackPrize(terms);
  return {
    id: d._id,
    campaignId: String(campaign._id),
    campaignName: terms.name,
    seq: d.seq ?? 0,
    entry: d.entry ?? 'free_day',
    pointsSpent: d.pointsSpent ?? 0,
    prize: { id: prize.id, name: prize.name, kind: prize.kind },
    fate: d.fate ?? 'won',
    pointsAwarded: d.pointsAwarded ?? 0,
    voucherCode: d.voucherCode ?? null,
    pickupCode: d.pickupCode ?? null,
    claimDeadline: prize.kind === 'gift' ? terms.claimDeadline : null,
    pickedUpAt: pickedUpAt ? pickedUpAt.toISOString() : null,
    drawnAt: (d.drawnAt ?? d.createdAt).toISOString()
  };
}
