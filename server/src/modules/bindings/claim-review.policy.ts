import { Types, type FilterQuery } from 'mongoose';
import type { StaffAuth } from '../../http/auth-context';
import { op } from '../../lib/query';
import { notFound } from '../../lib/errors';
import { Customer } from '../customers/customer.model';
import { ClaimRequest, type ClaimRequestDoc } from './claim-request.model';

/** Who decides a claim on someone else's vehicle. */
export type ClaimDecider = { kind: 'staff'; auth: StaffAuth } | { kind: 'owner'; ownerId: string };

export type ClaimRequestRecord = ClaimRequestDoc & { _id: Types.ObjectId };
type ArchiveRef = {
  _id: Types.ObjectId;
  dealershipId: Types.ObjectId;
  advisorId?: Types.ObjectId | null;
  ownerId?: Types.ObjectId | null;
  name: string;
};

/**
 * The one rule: the archive's bound WeChat owner, the advisor assigned to the archive, or a
 * manager of its dealership. Nobody decides their own request. Everyone else (other
 * advisors, marketing, other dealerships, group admins, other owners) is told "not found".
 */
export function mayDecide(decider: ClaimDecider, request: ClaimRequestRecord, archive: ArchiveRef): boolean {
  if (decider.kind === 'owner') {
    return String(archive.ownerId ?? '') === decider.ownerId && String(request.ownerId) !== decider.ownerId;
  }
  const { auth } = decider;
  if (!auth.dealershipId || auth.dealershipId !== String(request.dealershipId)) return false;
  if (auth.role === 'manager') return true;
  return auth.role === 'advisor' && String(archive.advisorId ?? '') === auth.staffId;
}

/** A narrowing filter for candidates; `mayDecide` has the last word on each. */
async function candidateFilter(decider: ClaimDecider): Promise<FilterQuery<ClaimRequestDoc> | null> {
  if (decider.kind === 'owner') {
    const archives = await Customer.find({ ownerId: new Types.ObjectId(decider.ownerId) }, { _id: 1 }).lean();
    return archives.length ? { archiveCustomerId: op.in(archives.map((a) => a._id)) } : null;
  }
  const { auth } = decider;
  if (!auth.dealershipId || (auth.role !== 'manager' && auth.role !== 'advisor')) return null;
  return { dealershipId: new Types.ObjectId(auth.dealershipId) };
}

async function archivesOf(requests: readonly ClaimRequestRecord[]) {
  const rows = await Customer.find(
    { _id: op.in(requests.map((r) => r.archiveCustomerId)) },
    { dealershipId: 1, advisorId: 1, ownerId: 1, name: 1 }
  ).lean<ArchiveRef[]>();
  return new Map(rows.map((c) => [String(c._id), c]));
}

const LIST_LIMIT = 200;

/** Pending requests the decider may decide, oldest first, each with its archive. */
export async function pendingRequestsFor(decider: ClaimDecider) {
  const filter = await candidateFilter(decider);
  if (!filter) return [];
  const requests = await ClaimRequest.find({ ...filter, status: 'pending' })
    .sort({ createdAt: 1, _id: 1 })
    .limit(LIST_LIMIT)
    .lean<ClaimRequestRecord[]>();
  const archives = await archivesOf(requests);
  return requests.flatMap((request) => {
    const archive = archives.get(String(request.archiveCustomerId));
    return archive && mayDecide(decider, request, archive) ? [{ request, archive }] : [];
  });
}

/** One request through the rule; missing and out of scope are the same 404. */
export async function loadRequestFor(decider: ClaimDecider, requestId: string) {
  const request = await ClaimRequest.findById(new Types.ObjectId(requestId)).lean<ClaimRequestRecord>();
  const archive = request ? (await archivesOf([request])).get(String(request.archiveCustomerId)) : undefined;
  if (!request || !archive || !mayDecide(decider, request, archive))
    throw notFound('认领申请', 'CLAIM_REQUEST_NOT_FOUND');
  return { request, archive };
}
