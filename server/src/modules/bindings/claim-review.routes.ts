import type Router from '@koa/router';
import { z } from 'zod';
import { claimDecisionRequest, claimReview, claimReviewList, ownerClaimRequest } from '@dealer/shared';
import { idParams, route } from '../../http/route';
import { listOwnerClaimRequests } from './claim-request.service';
import { decideClaim, listClaimReviews } from './claim-review.service';

/**
 * Claims on someone else's vehicle: the claimant follows their requests; the archive's bound
 * owner, its advisor or a manager approves or declines them.
 */
export function claimReviewRoutes(router: Router): void {
  route.owner(router, {
    method: 'get',
    path: '/api/owner/vehicle-claims',
    tag: 'owner',
    summary: 'My vehicle claims that wait for confirmation, or were refused',
    response: z.object({ items: z.array(ownerClaimRequest) }),
    handler: async ({ auth }) => ({ items: await listOwnerClaimRequests(auth.ownerId) })
  });

  route.owner(router, {
    method: 'get',
    path: '/api/owner/vehicle-claims/reviews',
    tag: 'owner',
    summary: 'Claims by others on the vehicles of my archives, waiting for my decision',
    response: claimReviewList,
    handler: ({ auth }) => listClaimReviews({ kind: 'owner', ownerId: auth.ownerId })
  });

  route.owner(router, {
    method: 'post',
    path: '/api/owner/vehicle-claims/:id/decision',
    tag: 'owner',
    summary: 'Approve or decline a claim on a vehicle of my archive (once only)',
    params: idParams,
    body: claimDecisionRequest,
    response: claimReview,
    handler: ({ auth, params, body }) =>
      decideClaim({ kind: 'owner', ownerId: auth.ownerId }, params.id, body.decision)
  });

  route.staff(router, {
    method: 'get',
    path: '/api/vehicle-claims',
    tag: 'tasks',
    summary:
      'Vehicle claims to confirm: an advisor those on their customers’ vehicles, a manager the dealership’s',
    capability: 'vehicle-claims.review',
    response: claimReviewList,
    handler: ({ auth }) => listClaimReviews({ kind: 'staff', auth })
  });

  route.staff(router, {
    method: 'post',
    path: '/api/vehicle-claims/:id/decision',
    tag: 'tasks',
    summary: 'Approve or decline a vehicle claim (once only; an approval hands the vehicle to one claimant)',
    capability: 'vehicle-claims.review',
    params: idParams,
    body: claimDecisionRequest,
    response: claimReview,
    handler: ({ auth, params, body }) => decideClaim({ kind: 'staff', auth }, params.id, body.decision)
  });
}
