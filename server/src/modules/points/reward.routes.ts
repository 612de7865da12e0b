import type Router from '@koa/router';
import {
  createRewardItemRequest,
  dealershipQuery,
  rewardItemListResponse,
  rewardItemView,
  updateRewardItemRequest
} from '@dealer/shared';
import { mayActOn, oneDealership } from '../../http/dealership-scope';
import { idParams, route } from '../../http/route';
import { createItem, listItems, updateItem } from './reward.service';

/** Managers: the rewards catalog. */
export function rewardRoutes(router: Router): void {
  route.staff(router, {
    method: 'get',
    path: '/api/points/items',
    capability: 'points.manage',
    tag: 'points',
    summary: 'The rewards catalog with stock and units redeemed',
    query: dealershipQuery,
    response: rewardItemListResponse,
    handler: ({ auth, query }) => listItems(oneDealership(auth, query.dealershipId))
  });

  route.staff(router, {
    method: 'post',
    path: '/api/points/items',
    capability: 'points.manage',
    tag: 'points',
    summary:
      'Add a reward: price (points, cash or both), stock, per-owner limit, uses, validity, tiers, sale window',
    body: createRewardItemRequest,
    response: rewardItemView,
    status: 201,
    handler: ({ auth, body }) => createItem(oneDealership(auth, body.dealershipId), body)
  });

  route.staff(router, {
    method: 'patch',
    path: '/api/points/items/:id',
    capability: 'points.manage',
    tag: 'points',
    summary: 'Change a reward (stock never below what was redeemed)',
    params: idParams,
    body: updateRewardItemRequest,
    response: rewardItemView,
    handler: ({ auth, params, body }) => updateItem(params.id, (d) => mayActOn(auth, d), body)
  });
}
