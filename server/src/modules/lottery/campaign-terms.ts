import type { CampaignTerms } from '@dealer/shared';
import type { CampaignDoc } from './campaign.model';

/** Reading a stored campaign's terms (stored as written: a Mixed field) and its window. */

export const termsOf = (c: Pick<CampaignDoc, 'terms'>) => c.terms as CampaignTerms;

export function isOpenAt(terms: CampaignTerms, at: Date): boolean {
  return (
    new Date(terms.startsAt).getTime() <= at.getTime() && at.getTime() < new Date(terms.endsAt).getTime()
  );
}

/** The campaign's fallback prize (谢谢参与): what a draw gets when its pick cannot be given. */
export function fallbackPrize(terms: CampaignTerms) {
  const prize = terms.prizes.find((p) => p.kind === 'none');
  if (!prize) throw new Error('a published campaign has a fallback prize (publicationProblems)');
  return prize;
}

export const prizeById = (terms: CampaignTerms, id: string) => terms.prizes.find((p) => p.id === id);
