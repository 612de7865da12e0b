import type { LotteryCampaignView } from '@dealer/shared';
import { termsOf } from './campaign-terms';
import type { CampaignRecord } from './campaign.scope';

/** The event QR code's scene: prospects scan it to join the campaign (≤ 32 characters). */
export const campaignScene = (campaignId: string) => `l=${campaignId}`;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function presentCampaign(c: CampaignRecord): LotteryCampaignView {
  return {
    id: String(c._id),
    dealershipId: String(c.dealershipId),
    status: c.status as LotteryCampaignView['status'],
    terms: termsOf(c) as LotteryCampaignView['terms'],
    version: c.version,
    commitment: c.commitment ?? null,
    // Only ever set when the campaign has ended (the job copies it from lottery_seeds).
    seedHex: c.seedRevealedAt ? (c.seedHex ?? null) : null,
    scene: campaignScene(String(c._id)),
    problems: [...(c.problems ?? [])],
    submittedAt: iso(c.submittedAt),
    publishedAt: iso(c.publishedAt),
    endedAt: iso(c.endedAt),
    seedRevealedAt: iso(c.seedRevealedAt),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString()
  };
}
