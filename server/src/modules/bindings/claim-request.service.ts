import { Types } from 'mongoose';
import {
  CLAIM_REQUEST_STATUS_LABELS,
  CLAIM_REQUEST_STATUS_MESSAGES,
  type ClaimRequestStatus,
  type OwnerClaimRequest
} from '@dealer/shared';
import { clock } from '../../lib/clock';
import { conflict, isDuplicateKeyError } from '../../lib/errors';
import { op } from '../../lib/query';
import { Customer } from '../customers/customer.model';
import { Dealership } from '../dealerships/dealership.model';
import { Owner } from '../owners/owner.model';
import { ClaimRequest, VehicleHandover, handoverKey } from './claim-request.model';
import { notifyArchiveOwnerOfClaim } from './claim-notices';
import type { ClaimRequestRecord } from './claim-review.policy';

const pendingKey = (vehicleId: unknown, ownerId: unknown) => `${String(vehicleId)}:${String(ownerId)}`;
export const closedKey = (requestId: unknown) => `closed:${String(requestId)}`;

export function presentOwnerClaimRequest(r: ClaimRequestRecord, dealershipName: string): OwnerClaimRequest {
  const status = r.status as ClaimRequestStatus;
  return {
    id: String(r._id),
    dealership: { id: String(r.dealershipId), name: dealershipName },
    plate: r.plate ?? null,
    status,
    statusLabel: CLAIM_REQUEST_STATUS_LABELS[status],
    message: CLAIM_REQUEST_STATUS_MESSAGES[status],
    createdAt: r.createdAt.toISOString(),
    decidedAt: r.decidedAt ? r.decidedAt.toISOString() : null
  };
}

interface OpenClaimInput {
  ownerId: string;
  claimantCustomerId: Types.ObjectId;
  vehicle: {
    _id: Types.ObjectId;
    dealershipId: Types.ObjectId;
    customerId: Types.ObjectId;
    plate?: string | null;
  };
  dealershipName: string;
}

/**
 * Opens the request that waits for the archive's owner or the dealership. The unique
 * `openKey` insert keeps one pending request per vehicle and claimant: claiming again, also
 * at the same moment, returns the pending one. A vehicle already handed over to another
 * claimant from this archive is refused.
 */
export async function openClaimRequest({
  ownerId,
  claimantCustomerId,
  vehicle,
  dealershipName
}: OpenClaimInput): Promise<OwnerClaimRequest> {
  if (await VehicleHandover.exists({ _id: handoverKey(vehicle._id, vehicle.customerId) })) {
    throw conflict('VEHICLE_HANDED_OVER', '该车辆已由其他车主认领，如有疑问请联系门店');
  }
  const openKey = pendingKey(vehicle._id, ownerId);
  const [claimant, owner] = await Promise.all([
    Customer.findById(claimantCustomerId, { name: 1 }).lean(),
    Owner.findById(ownerId, { mobile: 1 }).lean()
  ]);
  try {
    const created = await ClaimRequest.create({
      openKey,
      dealershipId: vehicle.dealershipId,
      vehicleId: vehicle._id,
      archiveCustomerId: vehicle.customerId,
      ownerId: new Types.ObjectId(ownerId),
      claimantCustomerId,
      claimantName: claimant?.name ?? '微信车主',
      claimantMobile: owner?.mobile ?? null,
      plate: vehicle.plate ?? null,
      status: 'pending',
      decidedAt: null,
      createdAt: clock.now()
    });
    const request = created.toObject() as ClaimRequestRecord;
    await notifyArchiveOwnerOfClaim(request);
    return presentOwnerClaimRequest(request, dealershipName);
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const pending = await ClaimRequest.findOne({ openKey }).lean<ClaimRequestRecord>();
    if (!pending) throw conflict('CLAIM_REQUEST_BUSY', '认领申请正在处理，请稍后刷新');
    return presentOwnerClaimRequest(pending, dealershipName);
  }
}

const OWNER_LIST_LIMIT = 50;

/**
 * The claimant's requests that did not (yet) make a vehicle theirs — pending, refused,
 * lapsed —, the latest one per vehicle (a new claim after a refusal replaces the refusal).
 */
export async function listOwnerClaimRequests(ownerId: string): Promise<OwnerClaimRequest[]> {
  const rows = await ClaimRequest.find({ ownerId: new Types.ObjectId(ownerId) })
    .sort({ createdAt: -1, _id: -1 })
    .limit(OWNER_LIST_LIMIT)
    .lean<ClaimRequestRecord[]>();
  const latest = new Map<string, ClaimRequestRecord>();
  for (const r of rows) if (!latest.has(String(r.vehicleId))) latest.set(String(r.vehicleId), r);
  const visible = [...latest.values()].filter((r) => r.status !== 'approved');
  const dealers = await Dealership.find(
    { _id: op.in([...new Set(visible.map((r) => String(r.dealershipId)))]) },
    { name: 1 }
  ).lean();
  const names = new Map(dealers.map((d) => [String(d._id), d.name]));
  return visible.map((r) => presentOwnerClaimRequest(r, names.get(String(r.dealershipId)) ?? ''));
}

/** Moves a request out of `pending` (conditionally) and frees its open key for a new claim. */
export async function closeClaimRequest(
  requestId: Types.ObjectId,
  status: Exclude<ClaimRequestStatus, 'pending'>
): Promise<void> {
  await ClaimRequest.updateOne(
    { _id: requestId, status: 'pending' },
    { $set: { status, decidedAt: clock.now(), openKey: closedKey(requestId) } }
  );
}

/** An owner who unbinds from a dealership withdraws their pending requests there. */
export async function withdrawClaimRequests(
  ownerId: Types.ObjectId,
  dealershipId: Types.ObjectId
): Promise<void> {
  const pending = await ClaimRequest.find({ ownerId, dealershipId, status: 'pending' }, { _id: 1 }).lean();
  for (const r of pending) await closeClaimRequest(r._id, 'withdrawn');
}

/** Whether an approval already handed this vehicle (from its current archive) to the owner. */
export async function handedOverTo(
  vehicle: { _id: Types.ObjectId; customerId: Types.ObjectId },
  ownerId: string
): Promise<boolean> {
  const handover = await VehicleHandover.findById(handoverKey(vehicle._id, vehicle.customerId), {
    ownerId: 1
  }).lean();
  return String(handover?.ownerId ?? '') === ownerId;
}
