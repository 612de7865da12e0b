import { Types } from 'mongoose';
import type { CampaignTerms } from '@dealer/shared';
import { op } from '../../lib/query';
import { Customer } from '../customers/customer.model';
import { Owner } from '../owners/owner.model';
import { resolveSegmentFilter } from '../segments/segment.service';
import { Staff } from '../staff/staff.model';
import { LotteryEntrant } from './draw.model';

/**
 * Who draws, for many owners of one campaign at once (a burst's first taps): the owner's
 * archive at the campaign's dealership — the prospect archive they joined with from the event
 * QR code, or the archive they are bound to, if the audience includes it — and whether their
 * verified mobile or the archive's is a staff member's. A handful of reads for the whole batch.
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

interface Archive {
  _id: Types.ObjectId;
  name: string;
  mobile?: string | null;
  tier?: string | null;
  ownerId?: Types.ObjectId | null;
}

/** The bound archives the campaign's audience includes (tiers, the saved segment, all bound). */
async function inAudience(terms: CampaignTerms, dealershipId: Types.ObjectId, archives: Archive[]) {
  const { audience } = terms;
  if (audience.allBound) return new Set(archives.map((a) => String(a._id)));
  const tiers = audience.tiers as readonly string[];
  const members = new Set(archives.filter((a) => a.tier && tiers.includes(a.tier)).map((a) => String(a._id)));
  const rest = archives.filter((a) => !members.has(String(a._id)));
  if (!audience.segmentId || rest.length === 0) return members;
  const filter = await resolveSegmentFilter(dealershipId, new Types.ObjectId(audience.segmentId));
  if (filter === null) return members;
  const inSegment = await Customer.find({ _id: op.in(rest.map((a) => a._id)), ...filter }, { _id: 1 }).lean();
  for (const c of inSegment) members.add(String(c._id));
  return members;
}

/** Which of these mobiles are a staff member's (any dealership of the group, not disabled). */
export async function staffMobiles(mobiles: readonly string[]): Promise<Set<string>> {
  if (mobiles.length === 0) return new Set();
  const staff = await Staff.find(
    { mobile: op.in([...new Set(mobiles)]), disabled: false },
    { mobile: 1 }
  ).lean();
  return new Set(staff.map((s) => String(s.mobile)));
}

/** Each owner's participant record for the campaign (null: not in its audience), in the owners' order. */
export async function resolveParticipants(
  campaign: CampaignRef,
  terms: CampaignTerms,
  ownerIds: readonly string[]
): Promise<Array<Participant | null>> {
  const owners = ownerIds.map((id) => new Types.ObjectId(id));
  const c = String(campaign._id);
  const [entrants, bound, accounts] = await Promise.all([
    terms.audience.prospects
      ? LotteryEntrant.find({ _id: op.in(ownerIds.map((id) => `${c}:${id}`)) }).lean()
      : [],
    Customer.find(
      { ownerId: op.in(owners), dealershipId: campaign.dealershipId },
      { tier: 1, name: 1, mobile: 1, ownerId: 1 }
    ).lean<Archive[]>(),
    Owner.find({ _id: op.in(owners) }, { mobile: 1, mobileVerifiedAt: 1 }).lean()
  ]);
  const entrantOf = new Map(entrants.map((e) => [String(e.ownerId), e.customerId]));
  const joined = entrants.length
    ? await Customer.find({ _id: op.in(entrants.map((e) => e.customerId)) }, { name: 1, mobile: 1 }).lean<
        Archive[]
      >()
    : [];
  const joinedById = new Map(joined.map((a) => [String(a._id), a]));
  const boundOf = new Map<string, Archive>();
  for (const a of bound) if (!boundOf.has(String(a.ownerId))) boundOf.set(String(a.ownerId), a);
  const candidates = [...boundOf.entries()].filter(([owner]) => !entrantOf.has(owner)).map(([, a]) => a);
  const members = await inAudience(terms, campaign.dealershipId, candidates);
  const archiveOf = (ownerId: string): Archive | null => {
    const entrant = entrantOf.get(ownerId);
    if (entrant) return joinedById.get(String(entrant)) ?? null;
    const archive = boundOf.get(ownerId);
    return archive && members.has(String(archive._id)) ? archive : null;
  };
  const verifiedOf = new Map(
    accounts.map((a) => [String(a._id), a.mobileVerifiedAt ? (a.mobile ?? null) : null])
  );
  const mobilesOf = (ownerId: string, archive: Archive) =>
    [verifiedOf.get(ownerId) ?? null, archive.mobile ?? null].filter((m): m is string => Boolean(m));
  const archives = ownerIds.map((id) => archiveOf(id));
  const staff = await staffMobiles(archives.flatMap((a, i) => (a ? mobilesOf(ownerIds[i], a) : [])));
  return archives.map((archive, i) =>
    archive
      ? {
          customerId: archive._id,
          ownerId: owners[i],
          name: archive.name,
          excluded: mobilesOf(ownerIds[i], archive).some((m) => staff.has(m))
        }
      : null
  );
}
