import { createHash } from 'node:crypto';
import type { CampaignTerms } from '@dealer/shared';
import { Batcher } from '../../lib/batcher';
import { forbidden } from '../../lib/errors';
import { TtlCache } from '../../lib/ttl-cache';
import { resolveParticipants, type CampaignRef, type Participant } from './participant-resolve';

export type { CampaignRef, Participant } from './participant-resolve';

/**
 * The owner as a campaign's participant. Answers are cached: a participant found is kept 30 s
 * (a burst of taps reads each owner once; an owner unbound, or a staff mobile added, is seen
 * within that), one not in the audience 5 s (an owner who binds now draws within seconds). A
 * change of the campaign's terms (its version) or the owner joining from the event QR code is
 * seen at once. Owners not cached are read together (`resolveParticipants`, one batch per
 * campaign while the previous one is at work).
 */
const participants = new TtlCache<Participant | null>((found) => (found ? 30_000 : 5_000));

interface Lookup {
  campaign: CampaignRef;
  terms: CampaignTerms;
  ownerId: string;
}

const batchers = new Map<string, Batcher<Lookup, Participant | null>>();

function batcherOf(key: string): Batcher<Lookup, Participant | null> {
  let batcher = batchers.get(key);
  if (!batcher) {
    // Campaigns come and go: drop the idle batchers before keeping a new one.
    if (batchers.size > 100) for (const [k, b] of batchers) if (b.idle) batchers.delete(k);
    batcher = new Batcher<Lookup, Participant | null>(async (lookups) => {
      const { campaign, terms } = lookups[0];
      const found = await resolveParticipants(
        campaign,
        terms,
        lookups.map((l) => l.ownerId)
      );
      return found.map((value) => ({ status: 'fulfilled', value }));
    });
    batchers.set(key, batcher);
  }
  return batcher;
}

const notInAudience = () => forbidden('您不在本次活动的参与范围内', 'NOT_IN_AUDIENCE');
const versionKey = (campaign: CampaignRef) => `${String(campaign._id)}:${campaign.version}`;

/** The owner's participant record for the campaign; 403 NOT_IN_AUDIENCE when they are not in it. */
export async function participantOf(
  campaign: CampaignRef,
  terms: CampaignTerms,
  ownerId: string
): Promise<Participant> {
  const key = `${versionKey(campaign)}:${ownerId}`;
  const found = await participants.getOrLoad(key, () =>
    batcherOf(versionKey(campaign)).submit({ campaign, terms, ownerId })
  );
  if (!found) throw notInAudience();
  return found;
}

/** After an owner joins from the event QR code: their next draw reads the audience again. */
export const forgetParticipant = (campaign: CampaignRef, ownerId: string) =>
  participants.invalidate(`${versionKey(campaign)}:${ownerId}`);

/** The participant as the published verification shows them: an opaque, stable hash. */
export function participantHash(campaignId: string, customerId: string): string {
  return createHash('sha256').update(`${campaignId}:${customerId}`).digest('hex').slice(0, 16);
}
