import { Types } from 'mongoose';
import type { ClaimDecision, ClaimRequestStatus, ClaimReview } from '@dealer/shared';
import { maskMobile, vinLast6 } from '@dealer/shared/domain';
import { clock } from '../../lib/clock';
import { conflict, isDuplicateKeyError } from '../../lib/errors';
import { op } from '../../lib/query';
import { bindingAt } from './binding.service';
import { Dealership } from '../dealerships/dealership.model';
import { ClaimDecisionRecord, ClaimRequest, VehicleHandover, handoverKey } from './claim-request.model';
import { closeClaimRequest } from './claim-request.service';
import { notifyClaimantOfOutcome } from './claim-notices';
import {
  loadRequestFor,
  pendingRequestsFor,
  type ClaimDecider,
  type ClaimRequestRecord
} from './claim-review.policy';
import { grantVehicle } from './owner-vehicle.service';
import { Vehicle } from '../vehicles/vehicle.model';

type ArchiveName = { _id: Types.ObjectId; name: string };

/** Another car owner sees the claimant's surname only (「李**」); staff see the archive name. */
const maskName = (name: string) => [...name][0] + '*'.repeat(Math.min(2, Math.max(1, [...name].length - 1)));

async function presentReviews(
  decider: ClaimDecider,
  rows: ReadonlyArray<{ request: ClaimRequestRecord; archive: ArchiveName }>
): Promise<ClaimReview[]> {
  const [vehicles, dealers] = await Promise.all([
    Vehicle.find(
      { _id: op.in(rows.map((r) => r.request.vehicleId)) },
      { plate: 1, vin: 1, brand: 1, series: 1, model: 1 }
    ).lean(),
    Dealership.find(
      { _id: op.in([...new Set(rows.map((r) => String(r.request.dealershipId)))]) },
      { name: 1 }
    ).lean()
  ]);
  const vehicleById = new Map(vehicles.map((v) => [String(v._id), v]));
  const dealerName = new Map(dealers.map((d) => [String(d._id), d.name]));
  return rows.map(({ request, archive }) => {
    const vehicle = vehicleById.get(String(request.vehicleId));
    return {
      id: String(request._id),
      dealership: {
        id: String(request.dealershipId),
        name: dealerName.get(String(request.dealershipId)) ?? ''
      },
      vehicle: {
        id: String(request.vehicleId),
        plate: vehicle?.plate ?? request.plate ?? null,
        vinLast6: vehicle?.vin ? vinLast6(vehicle.vin) : null,
        title: [vehicle?.brand, vehicle?.series, vehicle?.model].filter(Boolean).join(' ') || '车型未登记'
      },
      archive: { id: String(archive._id), name: archive.name },
      claimant: {
        name: decider.kind === 'owner' ? maskName(request.claimantName) : request.claimantName,
        mobileMasked: request.claimantMobile ? maskMobile(request.claimantMobile) : null
      },
      status: request.status as ClaimRequestStatus,
      createdAt: request.createdAt.toISOString()
    };
  });
}

/** Pending claims on vehicles the decider answers for (task list, owner's confirmations). */
export async function listClaimReviews(decider: ClaimDecider): Promise<{ items: ClaimReview[] }> {
  return { items: await presentReviews(decider, await pendingRequestsFor(decider)) };
}

/**
 * Carries out a recorded decision. Idempotent, so a second decider who lost the race (or a
 * retry after a crash) may run it again: the handover insert is keyed by vehicle and archive,
 * so of several approved claimants of one vehicle exactly one receives it.
 */
async function carryOut(
  request: ClaimRequestRecord,
  decision: ClaimDecision
): Promise<Exclude<ClaimRequestStatus, 'pending'>> {
  if (decision === 'decline') {
    await closeClaimRequest(request._id, 'declined');
    return 'declined';
  }
  if (!(await bindingAt(String(request.ownerId), request.dealershipId))) {
    await closeClaimRequest(request._id, 'withdrawn');
    return 'withdrawn';
  }
  const key = handoverKey(request.vehicleId, request.archiveCustomerId);
  try {
    await VehicleHandover.create({
      _id: key,
      requestId: request._id,
      ownerId: request.ownerId,
      at: clock.now()
    });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const handover = await VehicleHandover.findById(key, { requestId: 1 }).lean();
    if (String(handover?.requestId) !== String(request._id)) {
      await closeClaimRequest(request._id, 'superseded');
      return 'superseded';
    }
  }
  await grantVehicle(request.vehicleId, request.ownerId, request.dealershipId);
  await closeClaimRequest(request._id, 'approved');
  // Other claimants of this vehicle can no longer receive it: tell them now.
  const others = await ClaimRequest.find({
    vehicleId: request.vehicleId,
    archiveCustomerId: request.archiveCustomerId,
    status: 'pending'
  }).lean<ClaimRequestRecord[]>();
  for (const other of others) {
    await closeClaimRequest(other._id, 'superseded');
    await notifyClaimantOfOutcome(other, 'superseded');
  }
  return 'approved';
}

/** Carries out the decision, then tells the claimant (once: the notice is keyed by the request). */
async function applyDecision(
  request: ClaimRequestRecord,
  decision: ClaimDecision
): Promise<Exclude<ClaimRequestStatus, 'pending'>> {
  const status = await carryOut(request, decision);
  await notifyClaimantOfOutcome(request, status);
  return status;
}

const REFUSALS: Partial<Record<ClaimRequestStatus, { code: string; message: string }>> = {
  superseded: { code: 'VEHICLE_HANDED_OVER', message: '该车辆已由其他车主认领，本申请未通过' },
  withdrawn: { code: 'CLAIMANT_UNBOUND', message: '申请人已解绑该门店，申请已失效' }
};

/**
 * Approves or declines a pending claim. The decision is a unique insert keyed by the
 * request, so of two deciders at once one decides and the other is told it is decided.
 */
export async function decideClaim(
  decider: ClaimDecider,
  requestId: string,
  decision: ClaimDecision
): Promise<ClaimReview> {
  const { request, archive } = await loadRequestFor(decider, requestId);
  const alreadyDecided = conflict('CLAIM_ALREADY_DECIDED', '该认领申请已处理');
  if (request.status !== 'pending') throw alreadyDecided;
  try {
    await ClaimDecisionRecord.create({
      _id: request._id,
      decision,
      deciderKind: decider.kind,
      deciderId: new Types.ObjectId(decider.kind === 'owner' ? decider.ownerId : decider.auth.staffId),
      at: clock.now()
    });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const recorded = await ClaimDecisionRecord.findById(request._id, { decision: 1 }).lean();
    if (recorded) await applyDecision(request, recorded.decision as ClaimDecision);
    throw alreadyDecided;
  }
  const status = await applyDecision(request, decision);
  const refusal = REFUSALS[status];
  if (refusal) throw conflict(refusal.code, refusal.message);
  const [presented] = await presentReviews(decider, [{ request: { ...request, status }, archive }]);
  return presented;
}
