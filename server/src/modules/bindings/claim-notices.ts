import { CLAIM_REQUEST_STATUS_MESSAGES, type ClaimRequestStatus } from '@dealer/shared';
import { Customer } from '../customers/customer.model';
import { Dealership } from '../dealerships/dealership.model';
import { notifyOwner } from '../notices/notice.service';
import type { ClaimRequestRecord } from './claim-review.policy';

/**
 * Inbox notices of the claim review (once each, keyed by the request): the archive's bound
 * owner hears that someone claims their vehicle; the claimant hears the outcome.
 */
export async function notifyArchiveOwnerOfClaim(request: ClaimRequestRecord): Promise<void> {
  const archive = await Customer.findById(request.archiveCustomerId, { ownerId: 1 }).lean();
  if (!archive?.ownerId || String(archive.ownerId) === String(request.ownerId)) return;
  const dealership = await Dealership.findById(request.dealershipId, { name: 1 }).lean();
  await notifyOwner({
    ownerId: archive.ownerId,
    dealershipId: request.dealershipId,
    customerId: request.archiveCustomerId,
    kind: 'vehicle_claim_review',
    title: '车辆认领待您确认',
    body: `有车主在「${dealership?.name ?? '门店'}」申请认领您名下的车辆 ${request.plate ?? ''}。如车辆已转让或由家人使用，请在「我的车辆」中同意；如不认识申请人，请拒绝。`,
    dedupeKey: `claim-review:${request._id}`
  });
}

const RESULT_TITLES: Partial<Record<ClaimRequestStatus, string>> = {
  approved: '车辆认领已通过',
  declined: '车辆认领未通过',
  superseded: '车辆认领未通过'
};

export async function notifyClaimantOfOutcome(
  request: ClaimRequestRecord,
  status: ClaimRequestStatus
): Promise<void> {
  const title = RESULT_TITLES[status];
  if (!title) return;
  await notifyOwner({
    ownerId: request.ownerId,
    dealershipId: request.dealershipId,
    customerId: request.claimantCustomerId,
    kind: 'vehicle_claim_result',
    title,
    body: `${request.plate ?? '车辆'}：${CLAIM_REQUEST_STATUS_MESSAGES[status]}`,
    dedupeKey: `claim-result:${request._id}`
  });
}
