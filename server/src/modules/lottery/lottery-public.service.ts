import { rulesDocument, type LotteryVerificationView, type StockRaise } from '@dealer/shared';
import { conflict } from '../../lib/errors';
import { termsOf } from './campaign-terms';
import { campaignNotFound } from './campaign-cache';
import { LotteryCampaign } from './campaign.model';
import { LotteryDraw, type DrawRecord } from './draw.model';

/**
 * What anyone may read: the rules page of a published campaign (generated from its terms, with
 * the seed's commitment, and the seed once revealed) and, after the reveal, every draw as the
 * verification recomputes it.
 */

async function publicCampaign(id: string) {
  const c = await LotteryCampaign.findById(id).lean();
  if (!c || (c.status !== 'published' && c.status !== 'ended')) throw campaignNotFound();
  return c;
}

export async function campaignRules(id: string) {
  const c = await publicCampaign(id);
  const terms = termsOf(c);
  const seedHex = c.seedRevealedAt ? (c.seedHex ?? null) : null;
  return {
    campaignId: String(c._id),
    name: terms.name,
    status: c.status as 'published' | 'ended',
    commitment: c.commitment ?? null,
    seedHex,
    sections: rulesDocument(terms, c.commitment ?? null, seedHex)
  };
}

/** The published campaign (after the seed is revealed): prizes, the limit rule and every draw. */
export async function publishedCampaign(id: string): Promise<LotteryVerificationView> {
  const c = await publicCampaign(id);
  if (!c.seedRevealedAt || !c.seedHex || !c.commitment)
    throw conflict('SEED_NOT_REVEALED', '活动结束并公布种子后才能验证');
  const terms = termsOf(c);
  const draws = await LotteryDraw.find(
    { campaignId: c._id, state: 'done' },
    { seq: 1, participant: 1, picked: 1, awarded: 1, fate: 1 }
  ).lean<DrawRecord[]>();
  draws.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  return {
    campaignId: String(c._id),
    commitment: c.commitment,
    seedHex: c.seedHex,
    prizes: terms.prizes.map((p) => ({
      id: p.id,
      name: p.name,
      kind: p.kind,
      valueFen: p.valueFen,
      weight: p.weight,
      stock: p.stock
    })),
    perOwnerPrizeLimit: terms.limits.perPrize,
    stockRaises: ((c.stockRaises ?? []) as StockRaise[]).map((r) => ({ ...r })),
    draws: draws.map((d) => ({
      drawId: d._id,
      seq: d.seq ?? 0,
      participant: d.participant,
      picked: d.picked ?? '',
      awarded: d.awarded ?? '',
      fate: d.fate ?? 'won'
    }))
  };
}
