import type Router from '@koa/router';
import {
  myPointsResponse,
  myVouchersResponse,
  pointsHistoryQuery,
  pointsHistoryResponse,
  referralQuery,
  referralView,
  rewardItemListResponse,
  shopQuery,
  voucherView
} from '@dealer/shared';
import { idParams, route } from '../../http/route';
import { myAccounts, myHistory, ownerArchiveAt } from './points-account.service';
import { redeem } from './redemption.service';
import { referralFor } from './referral.service';
import { shopFor } from './reward.service';
import { myVouchers } from './voucher.service';

/** The owner's member pages: balances, history, the shop, redeeming, their vouchers. */
export function pointsOwnerRoutes(router: Router): void {
  route.owner(router, {
    method: 'get',
    path: '/api/points/me',
    tag: 'points',
    summary: 'My points balance at each dealership I am bound to, and what expires when',
    response: myPointsResponse,
    handler: async ({ auth }) => ({ accounts: await myAccounts(auth.ownerId) })
  });

  route.owner(router, {
    method: 'get',
    path: '/api/points/me/history',
    tag: 'points',
    summary: 'My points history at one dealership, newest first, with reasons',
    query: pointsHistoryQuery,
    response: pointsHistoryResponse,
    handler: ({ auth, query }) => myHistory(auth.ownerId, query.dealershipId, query.page, query.pageSize)
  });

  route.owner(router, {
    method: 'get',
    path: '/api/points/me/vouchers',
    tag: 'points',
    summary: 'My vouchers: code, remaining uses, validity',
    response: myVouchersResponse,
    handler: ({ auth }) => myVouchers(auth.ownerId)
  });

  route.owner(router, {
    method: 'get',
    path: '/api/points/me/referral',
    tag: 'points',
    summary: 'My referral token at a dealership (what my shares carry) and how many friends it brought',
    query: referralQuery,
    response: referralView,
    handler: ({ auth, query }) => referralFor(auth.ownerId, query.dealershipId)
  });

  route.owner(router, {
    method: 'get',
    path: '/api/points/shop',
    tag: 'points',
    summary: 'The rewards a dealership offers me now (my tier, its sale window)',
    query: shopQuery,
    response: rewardItemListResponse,
    handler: async ({ auth, query }) => {
      const archive = await ownerArchiveAt(auth.ownerId, query.dealershipId);
      return shopFor(query.dealershipId, archive.tier ?? null);
    }
  });

  route.owner(router, {
    method: 'post',
    path: '/api/points/shop/items/:id/redeem',
    tag: 'points',
    summary: 'Redeem a reward with points: spends them and issues a voucher',
    params: idParams,
    response: voucherView,
    status: 201,
    handler: ({ auth, params }) => redeem(auth.ownerId, params.id)
  });
}
