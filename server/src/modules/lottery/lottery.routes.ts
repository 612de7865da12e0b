import type Router from '@koa/router';
import {
  createLotteryCampaignRequest,
  lotteryCampaignList,
  lotteryCampaignQuery,
  lotteryCampaignView,
  lotteryConversionView,
  lotteryPickupParams,
  lotteryPickupView,
  lotteryResultsView,
  lotteryVoucherItemList,
  lotteryVoucherItemQuery,
  rejectLotteryCampaignRequest,
  updateLotteryCampaignRequest
} from '@dealer/shared';
import { oneDealership } from '../../http/dealership-scope';
import type { AppDeps } from '../../deps';
import { idParams, route } from '../../http/route';
import { approveCampaign, rejectCampaign, submitCampaign } from './campaign-publication';
import { campaignFor } from './campaign.scope';
import {
  createCampaign,
  deleteCampaign,
  getCampaign,
  listCampaigns,
  updateCampaign
} from './campaign.service';
import { campaignConversion, conversionCsv } from './lottery-conversion';
import { eventQrCode } from './event-code.service';
import { campaignResults } from './lottery-results.service';
import { confirmPickup, lookUpPickup } from './pickup.service';
import { voucherCatalog } from './voucher-catalog.service';

/** Staff: marketing's campaigns, a manager's approval, results, conversion, gift pickups at the desk. */
export function lotteryStaffRoutes(router: Router, { wechat, config }: AppDeps): void {
  const tag = 'lottery';
  const manage = 'lottery.campaigns' as const;

  route.staff(router, {
    method: 'get',
    path: '/api/lottery/campaigns',
    tag,
    summary: 'Lottery campaigns of the dealership',
    capability: manage,
    query: lotteryCampaignQuery,
    response: lotteryCampaignList,
    handler: ({ auth, query }) => listCampaigns(auth, query.dealershipId, query.status)
  });
  route.staff(router, {
    method: 'post',
    path: '/api/lottery/campaigns',
    tag,
    summary: 'Create a draft campaign',
    capability: manage,
    body: createLotteryCampaignRequest,
    response: lotteryCampaignView,
    status: 201,
    handler: ({ auth, body }) => createCampaign(auth, body.dealershipId, body.terms)
  });
  route.staff(router, {
    method: 'get',
    path: '/api/lottery/voucher-items',
    tag,
    summary: 'The rewards catalog to pick a voucher prize from (read-only)',
    capability: manage,
    query: lotteryVoucherItemQuery,
    response: lotteryVoucherItemList,
    handler: ({ auth, query }) => voucherCatalog(oneDealership(auth, query.dealershipId))
  });
  route.staff(router, {
    method: 'get',
    path: '/api/lottery/campaigns/:id',
    tag,
    summary: 'One campaign',
    capability: manage,
    params: idParams,
    response: lotteryCampaignView,
    handler: ({ auth, params }) => getCampaign(auth, params.id)
  });
  route.staff(router, {
    method: 'put',
    path: '/api/lottery/campaigns/:id',
    tag,
    summary: 'Change the terms (a draft freely; after publication only in the participants\u2019 favour)',
    capability: manage,
    params: idParams,
    body: updateLotteryCampaignRequest,
    response: lotteryCampaignView,
    handler: ({ auth, params, body }) => updateCampaign(auth, params.id, body.terms)
  });
  route.staff(router, {
    method: 'delete',
    path: '/api/lottery/campaigns/:id',
    tag,
    summary: 'Delete a campaign never published (published records are kept: 409 RECORDS_RETAINED)',
    capability: manage,
    params: idParams,
    status: 204,
    handler: ({ auth, params }) => deleteCampaign(auth, params.id)
  });
  route.staff(router, {
    method: 'post',
    path: '/api/lottery/campaigns/:id/submit',
    tag,
    summary: 'Submit a draft for approval (refused with the publication problems)',
    capability: manage,
    params: idParams,
    response: lotteryCampaignView,
    handler: ({ auth, params }) => submitCampaign(auth, params.id)
  });
  route.staff(router, {
    method: 'post',
    path: '/api/lottery/campaigns/:id/approve',
    tag,
    summary: 'Approve and publish: the seed is drawn and its commitment published',
    capability: 'lottery.approve',
    params: idParams,
    response: lotteryCampaignView,
    handler: ({ auth, params }) => approveCampaign(auth, params.id)
  });
  route.staff(router, {
    method: 'post',
    path: '/api/lottery/campaigns/:id/reject',
    tag,
    summary: 'Send a submitted campaign back to marketing with a reason',
    capability: 'lottery.approve',
    params: idParams,
    body: rejectLotteryCampaignRequest,
    response: lotteryCampaignView,
    handler: ({ auth, params, body }) => rejectCampaign(auth, params.id, body.reason)
  });
  route.staff(router, {
    method: 'get',
    path: '/api/lottery/campaigns/:id/results',
    tag,
    summary: 'Live results: draws, participants, winners and stock by prize, cost, prospects, claims',
    capability: manage,
    params: idParams,
    response: lotteryResultsView,
    handler: async ({ auth, params }) => campaignResults(await campaignFor(auth, params.id))
  });
  route.staff(router, {
    method: 'get',
    path: '/api/lottery/campaigns/:id/conversion',
    tag,
    summary: 'Prospects the campaign brought who later bound, visited or bought',
    capability: manage,
    params: idParams,
    response: lotteryConversionView,
    handler: async ({ auth, params }) => campaignConversion(await campaignFor(auth, params.id))
  });
  route.staff(router, {
    method: 'get',
    path: '/api/lottery/campaigns/:id/conversion.csv',
    tag,
    summary: 'The conversion as CSV',
    capability: manage,
    params: idParams,
    produces: 'text/csv',
    handler: async ({ auth, params, ctx }) => {
      const campaign = await campaignFor(auth, params.id);
      ctx.set('Content-Disposition', `attachment; filename="lottery-conversion-${params.id}.csv"`);
      ctx.type = 'text/csv; charset=utf-8';
      return conversionCsv(await campaignConversion(campaign));
    }
  });
  route.staff(router, {
    method: 'get',
    path: '/api/lottery/campaigns/:id/qrcode.png',
    tag,
    summary: 'The event QR code (PNG): prospects scan it to join and draw',
    capability: manage,
    params: idParams,
    produces: 'image/png',
    handler: async ({ auth, params, ctx }) => {
      const { scene, png } = await eventQrCode(auth, wechat, config.WECHAT_ENV_VERSION, params.id);
      ctx.type = 'image/png';
      ctx.set('Content-Disposition', `inline; filename="lottery-${params.id}.png"`);
      ctx.set('X-Scene', scene);
      ctx.body = png;
      return undefined;
    }
  });
  route.staff(router, {
    method: 'get',
    path: '/api/lottery/pickups/:code',
    tag,
    summary: 'A gift prize by its pickup code (the desk)',
    capability: 'points.verify',
    params: lotteryPickupParams,
    response: lotteryPickupView,
    handler: ({ auth, params }) => lookUpPickup(auth, params.code)
  });
  route.staff(router, {
    method: 'post',
    path: '/api/lottery/pickups/:code/confirm',
    tag,
    summary: 'Hand out a gift prize (once, before the claim deadline)',
    capability: 'points.verify',
    params: lotteryPickupParams,
    response: lotteryPickupView,
    handler: ({ auth, params }) => confirmPickup(auth, params.code)
  });
}
