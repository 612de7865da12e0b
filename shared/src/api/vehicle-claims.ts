import { z } from 'zod';
import { CLAIM_DECISIONS, CLAIM_REQUEST_STATUSES } from '../labels/vehicle-claims';
import { objectId } from './common';
import { ownerVehicle } from './bindings';

export * from '../labels/vehicle-claims';

/** The claimant's view of their own request: no vehicle details until it is approved. */
export const ownerClaimRequest = z.object({
  id: objectId,
  dealership: z.object({ id: objectId, name: z.string() }),
  plate: z.string().nullable(),
  status: z.enum(CLAIM_REQUEST_STATUSES),
  statusLabel: z.string(),
  message: z.string(),
  createdAt: z.string(),
  decidedAt: z.string().nullable()
});
export type OwnerClaimRequest = z.infer<typeof ownerClaimRequest>;

/**
 * POST /api/owner/vehicles/claim: `claimed` when the vehicle's archive has the claimant's
 * verified mobile (the vehicle is theirs at once), `pending` when it waits for confirmation.
 */
export const claimVehicleResponse = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('claimed'), vehicle: ownerVehicle }),
  z.object({ outcome: z.literal('pending'), request: ownerClaimRequest })
]);
export type ClaimVehicleResponse = z.infer<typeof claimVehicleResponse>;

/** What a decider (archive owner, assigned advisor, manager) sees of a pending request. */
export const claimReview = z.object({
  id: objectId,
  dealership: z.object({ id: objectId, name: z.string() }),
  vehicle: z.object({
    id: objectId,
    plate: z.string().nullable(),
    vinLast6: z.string().nullable(),
    title: z.string()
  }),
  archive: z.object({ id: objectId, name: z.string() }),
  claimant: z.object({ name: z.string(), mobileMasked: z.string().nullable() }),
  status: z.enum(CLAIM_REQUEST_STATUSES),
  createdAt: z.string()
});
export type ClaimReview = z.infer<typeof claimReview>;

export const claimReviewList = z.object({ items: z.array(claimReview) });

export const claimDecisionRequest = z.strictObject({ decision: z.enum(CLAIM_DECISIONS) });
