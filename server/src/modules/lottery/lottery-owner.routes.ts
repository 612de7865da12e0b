import type Router from '@koa/router';
import {
  lotteryDrawList,
  lotteryDrawRequest,
  lotteryDrawView,
  lotteryJoinRequest,
  lotteryJoinResponse,
  lotteryRulesView,
  lotteryVerificationView,
  ownerLotteryCampaignList,
  ownerLotteryCampaignView
} from '@dealer/shared';
import type { AppDeps } from '../../deps';
import { idParams, route } from '../../http/route';
import { draw } from './draw.service';
import { campaignRules, publishedCampaign } from './lottery-public.service';
import { listOwnerCampaigns, myDraws, ownerCampaign } from './lottery-owner.service';
import { joinFromEventCode } from './prospect.service';

/** Owners (and prospects from the event QR code) draw; anyone reads the rules and, after the end, the verification. */
export function lotteryOwnerRoutes(router: Router, { wechat }: AppDeps): void {
  const tag = 'lottery';
  route.owner(router, {
    method: 'get',
    path: '/api/owner/lottery/campaigns',
    tag,
    summary: 'Campaigns open to me',
    response: ownerLotteryCampaignList,
    handler: ({ auth }) => listOwnerCampaigns(auth.ownerId)
  });
  route.owner(router, {
    method: 'get',
    path: '/api/owner/lottery/campaigns/:id',
    tag,
    summary: 'A campaign with my free draws left today',
    params: idParams,
    response: ownerLotteryCampaignView,
    handler: ({ auth, params }) => ownerCampaign(auth.ownerId, params.id)
  });
  route.owner(router, {
    method: 'post',
    path: '/api/owner/lottery/campaigns/:id/draws',
    tag,
    summary: 'Draw (a retry with the same idempotency key returns the same draw)',
    params: idParams,
    body: lotteryDrawRequest,
    response: lotteryDrawView,
    handler: ({ auth, params, body }) => draw(auth.ownerId, params.id, body.idempotencyKey)
  });
  route.owner(router, {
    method: 'get',
    path: '/api/owner/lottery/draws',
    tag,
    summary: 'My draws and prizes, newest first',
    response: lotteryDrawList,
    handler: ({ auth }) => myDraws(auth.ownerId)
  });
  route.owner(router, {
    method: 'post',
    path: '/api/owner/lottery/join',
    tag,
    summary:
      'Join a campaign from its event QR code with the WeChat-verified phone number (a prospect archive when new)',
    body: lotteryJoinRequest,
    response: lotteryJoinResponse,
    handler: ({ auth, body }) => joinFromEventCode(wechat, auth.ownerId, body.scene, body.phoneCode)
  });
  route.public(router, {
    method: 'get',
    path: '/api/lottery/campaigns/:id/rules',
    tag,
    summary:
      'The public rules page: generated from the campaign, with the seed commitment (and the seed after the end)',
    params: idParams,
    response: lotteryRulesView,
    handler: ({ params }) => campaignRules(params.id)
  });
  route.public(router, {
    method: 'get',
    path: '/api/lottery/campaigns/:id/verification',
    tag,
    summary: 'Every draw with the revealed seed, for anyone to recompute (after the end)',
    params: idParams,
    response: lotteryVerificationView,
    handler: ({ params }) => publishedCampaign(params.id)
  });
}
