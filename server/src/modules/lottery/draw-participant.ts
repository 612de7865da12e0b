import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import type { CampaignTerms } from '@dealer/shared';
import { forbidden } from '../../lib/errors';
import { op } from '../../lib/query';
import { TtlCache } from '../../lib/ttl-cache';
import { Customer } from '../customers/customer.model';
import { Owner } from '../owners/owner.model';
import { resolveSegmentFilter } from '../segments/segment.service';
import { Staff } from '../staff/staff.model';
import { LotteryEntrant } from './draw.model';

/**
 * Who draws: the owner's archive at the campaign's dealership — the prospect archive they
 * joined with from the event QR code, or the archive they are bound to — and whether the
 * campaign's audience includes them.
 */

export interface Participant {
  customerId: Types.ObjectId;
  ownerId: Types.ObjectId;
  name: string;
  /** The owner's WeChat-verified mobile or the archive's is a staff member's: they never win. */
  excluded: boolean;
}

export interface CampaignRef {
  _id: Types.ObjectId;
  dealershipId: Types.ObjectId;
  version: number;
}

/**
 * Audience and staff answers: a participant found is kept 30 s (a burst of taps reads each
 * owner once; an owner unbound, or a staff mobile added, is seen within that), one not in the
 * audience 5 s (an owner who binds now draws within seconds). A change of the campaign's terms
 * (its version) or the owner joining from the event QR code is seen at once.
 */
const participants = new TtlCache<Participant | null>((found) => (found ? 30_000 : 5_000));

const notInAudience = () => forbidden('您不在本次活动的参与范围内', 'NOT_IN_AUDIENCE');

async function inAudience(
  terms: CampaignTerms,
  dealershipId: Types.ObjectId,
  archive: { _id: Types.ObjectId; tier?: string | null }
): Promise<boolean> {
  const { audience } = terms;
  if (audience.allBound) return true;
  if (archive.tier && (audience.tiers as readonly string[]).includes(archive.tier)) return true;
  if (!audience.segmentId) return false;
  const filter = await resolveSegmentFilter(dealershipId, new Types.ObjectId(audience.segmentId));
  return filter !== null && (await Customer.exists({ _id: archive._id, ...filter })) !== null;
}

async function resolve(
  campaign: CampaignRef,
  terms: CampaignTerms,
  ownerId: string
): Promise<Participant | null> {
  const owner = new Types.ObjectId(ownerId);
  const [entrant, bound, account] = await Promise.all([
    terms.audience.prospects ? LotteryEntrant.findById(`${String(campaign._id)}:${ownerId}`).lean() : null,
    Customer.findOne(
      { ownerId: owner, dealershipId: campaign.dealershipId },
      { tier: 1, name: 1, mobile: 1 }
    ).lean(),
    Owner.findById(owner, { mobile: 1, mobileVerifiedAt: 1 }).lean()
  ]);
  let archive: { _id: Types.ObjectId; name: string; mobile?: string | null } | null = null;
  if (entrant) {
    archive = await Customer.findById(entrant.customerId, { name: 1, mobile: 1 }).lean();
  } else if (bound && (await inAudience(terms, campaign.dealershipId, bound))) {
    archive = bound;
  }
  if (!archive) return null;
  const verified = account?.mobileVerifiedAt ? (account.mobile ?? null) : null;
  const mobiles = [verified, archive.mobile ?? null].filter((m): m is string => Boolean(m));
  return {
    customerId: archive._id,
    ownerId: owner,
    name: archive.name,
    excluded: await isStaffMobile(mobiles)
  };
}

/** The owner's participant record for the campaign; 403 NOT_IN_AUDIENCE when they are not in it. */
export async function participantOf(
  campaign: CampaignRef,
  terms: CampaignTerms,
  ownerId: string
): Promise<Participant> {
  const key = `${String(campaign._id)}:${campaign.version}:${ownerId}`;
  const found = await participants.getOrLoad(key, () => resolve(campaign, terms, ownerId));
  if (!found) throw notInAudience();
  return found;
}

/** After an owner joins from the event QR code: their next draw reads the audience again. */
export const forgetParticipant = (campaign: CampaignRef, ownerId: string) =>
  participants.invalidate(`${String(campaign._id)}:${campaign.version}:${ownerId}`);

/** Staff of the dealership group never win: is one of these mobiles a staff member's? */
export async function isStaffMobile(mobiles: readonly string[]): Promise<boolean> {
  if (mobiles.length === 0) return false;
  return (await Staff.exists({ mobile: op.in(mobiles), disabled: false })) !== null;
}

/** The participant as the published verification shows them: an opaque, stable hash. */
export function participantHash(campaignId: string, customerId: string): string {
  return createHash('sha256').update(`${campaignId}:${customerId}`).digest('hex').slice(0, 16);
}
