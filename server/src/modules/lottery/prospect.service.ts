import { Types } from 'mongoose';
import { maskMobile } from '@dealer/shared/domain';
import { clock, shanghaiDate } from '../../lib/clock';
import { badRequest, conflict, forbidden, isDuplicateKeyError, unprocessable } from '../../lib/errors';
import type { WechatClient } from '../../lib/wechat/client';
import { wechatFailureToAppError, withBusyRetry } from '../../lib/wechat/wechat-http-error';
import { findOrCreateArchiveByMobile } from '../customers/customer-owner.service';
import { recordVerifiedMobile } from '../owners/owner-profile.service';
import { createCareTasks } from '../tasks/task.service';
import { isOpenAt } from './campaign-terms';
import { campaignNotFound, liveCampaign, type LiveCampaign } from './campaign-cache';
import { forgetParticipant } from './draw-participant';
import { LotteryEntrant } from './draw.model';
import { ownerCampaignView } from './lottery-owner.service';

/**
 * A prospect at an event scans the campaign's QR code (scene `l=<campaignId>`), signs in and
 * shares their phone number: the number finds their archive at the dealership or makes a
 * prospect archive with the campaign as its source, and a new prospect gets a follow-up task
 * for the advisor. From then on they draw like any participant.
 */

const SCENE = /^l=([0-9a-f]{24})$/;
const FOLLOW_UP_DAYS = 2;

function campaignOfScene(scene: string): string {
  const match = SCENE.exec(scene);
  if (!match) throw badRequest('INVALID_SCENE', '二维码内容无效');
  return match[1];
}

async function verifiedMobile(wechat: WechatClient, ownerId: string, phoneCode: string): Promise<string> {
  let mobile: string;
  try {
    mobile = await withBusyRetry(() => wechat.phoneNumber(phoneCode));
  } catch (err) {
    throw wechatFailureToAppError(err);
  }
  await recordVerifiedMobile(ownerId, mobile);
  return mobile;
}

async function followUp(
  campaign: LiveCampaign,
  customer: { _id: Types.ObjectId; name: string; advisorId?: Types.ObjectId | null },
  mobile: string
) {
  const today = shanghaiDate(clock.now());
  const due = shanghaiDate(new Date(clock.now().getTime() + FOLLOW_UP_DAYS * 86_400_000));
  await createCareTasks([
    {
      key: `lottery:${String(campaign._id)}:${String(customer._id)}`,
      dealershipId: campaign.dealershipId,
      customerId: customer._id,
      customerName: customer.name,
      advisorId: customer.advisorId ?? null,
      ruleId: null,
      kind: 'lottery_followup',
      title: `活动潜客跟进：${customer.name}`,
      note: `在抽奖活动「${campaign.terms.name}」现场扫码留资（${maskMobile(mobile)}），请联系邀约到店。`,
      occasionDate: today,
      dueDate: due
    }
  ]);
}

export async function joinFromEventCode(
  wechat: WechatClient,
  ownerId: string,
  scene: string,
  phoneCode: string
) {
  const campaignId = campaignOfScene(scene);
  const campaign = await liveCampaign(campaignId);
  if (!campaign || campaign.status === 'draft' || campaign.status === 'submitted') throw campaignNotFound();
  if (!campaign.terms.audience.prospects) throw forbidden('本活动不面向现场新客', 'NOT_IN_AUDIENCE');
  if (campaign.status !== 'published' || !isOpenAt(campaign.terms, clock.now()))
    throw unprocessable('CAMPAIGN_NOT_OPEN', '活动不在进行中');
  const entrantId = `${campaignId}:${ownerId}`;
  const joined = await LotteryEntrant.findById(entrantId).lean();
  if (joined)
    return { campaign: await ownerCampaignView(campaign, ownerId), newProspect: joined.newProspect };

  const mobile = await verifiedMobile(wechat, ownerId, phoneCode);
  const { customer, created } = await findOrCreateArchiveByMobile(
    campaign.dealershipId,
    mobile,
    null,
    'lottery_event'
  );
  if (customer.ownerId && String(customer.ownerId) !== ownerId) {
    throw conflict(
      'ARCHIVE_BOUND_ELSEWHERE',
      `手机号 ${maskMobile(mobile)} 的档案已绑定其他微信，请联系门店处理`
    );
  }
  let newProspect = created;
  try {
    await LotteryEntrant.create({
      _id: entrantId,
      campaignId: campaign._id,
      dealershipId: campaign.dealershipId,
      ownerId: new Types.ObjectId(ownerId),
      customerId: customer._id,
      newProspect: created,
      joinedAt: clock.now()
    });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    newProspect = (await LotteryEntrant.findById(entrantId).lean())?.newProspect ?? false;
  }
  if (created) await followUp(campaign, customer, mobile);
  forgetParticipant(campaign, ownerId);
  return { campaign: await ownerCampaignView(campaign, ownerId), newProspect };
}
