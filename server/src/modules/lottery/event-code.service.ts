import type { StaffAuth } from '../../http/auth-context';
import { conflict, unprocessable } from '../../lib/errors';
import type { WechatClient } from '../../lib/wechat/client';
import { miniProgramCode } from '../dealerships/qrcode.service';
import { termsOf } from './campaign-terms';
import { campaignScene } from './campaign.present';
import { campaignFor } from './campaign.scope';

/** The mini-program page the event QR code opens (a prospect signs in and draws). */
export const LOTTERY_JOIN_PAGE = 'pages/lottery/join/index';

/**
 * The event QR code of a campaign that takes new prospects: WeChat's mini-program code for the
 * join page with scene `l=<campaignId>`, made once and cached like the binding QR codes.
 */
export async function eventQrCode(
  auth: StaffAuth,
  wechat: WechatClient,
  envVersion: 'release' | 'trial' | 'develop',
  campaignId: string
): Promise<{ scene: string; png: Buffer }> {
  const campaign = await campaignFor(auth, campaignId);
  if (!termsOf(campaign).audience.prospects)
    throw unprocessable('CAMPAIGN_WITHOUT_PROSPECTS', '该活动不面向扫码新客，没有活动现场二维码');
  if (campaign.status === 'ended') throw conflict('CAMPAIGN_ENDED', '活动已结束');
  const scene = campaignScene(String(campaign._id));
  return { scene, png: await miniProgramCode(wechat, envVersion, scene, LOTTERY_JOIN_PAGE) };
}
