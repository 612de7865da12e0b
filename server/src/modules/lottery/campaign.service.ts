import { Types } from 'mongoose';
import { changeProblems, type CampaignTerms, type LotteryCampaignView } from '@dealer/shared';
import type { StaffAuth } from '../../http/auth-context';
import { dealershipScope, oneDealership } from '../../http/dealership-scope';
import { clock } from '../../lib/clock';
import { conflict, isDuplicateKeyError, unprocessable } from '../../lib/errors';
import { termsOf } from './campaign-terms';
import { groups } from './claim-groups';
import { takenIn } from './draw-claims-held';
import { forgetCampaign } from './campaign-cache';
import { LotteryCampaign, LotteryRevision } from './campaign.model';
import { presentCampaign } from './campaign.present';
import { campaignFor, type CampaignRecord } from './campaign.scope';

/**
 * Marketing's campaigns: drafts are theirs to change; a submitted campaign waits for a
 * manager; after publication only changes in the participants' favour are accepted
 * (changeProblems), each kept as a revision of the rules. Nothing published is ever deleted.
 */

const windowEnd = (terms: CampaignTerms) => new Date(terms.endsAt);

/** Writes the revision first: its unique `<id>:<version>` lets one of two concurrent changes win. */
async function recordRevision(
  c: { _id: Types.ObjectId; status: string },
  version: number,
  terms: CampaignTerms,
  by: string
) {
  try {
    await LotteryRevision.create({
      _id: `${String(c._id)}:${version}`,
      campaignId: c._id,
      version,
      terms,
      status: c.status,
      byStaffId: new Types.ObjectId(by),
      at: clock.now()
    });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    throw conflict('CAMPAIGN_CHANGED', '活动刚被他人修改，请刷新后重试');
  }
}

/** Stock added to a published campaign: draws from the next sequence number on may use it. */
async function stockRaisesOf(current: CampaignRecord, proposed: CampaignTerms) {
  const firstSeq = (await takenIn(groups.sequence(String(current._id)))) + 1;
  return termsOf(current).prizes.flatMap((p) => {
    const next = proposed.prizes.find((q) => q.id === p.id);
    if (p.stock === null || !next || next.stock === null || next.stock <= p.stock) return [];
    return [{ prizeId: p.id, fromStock: p.stock, toStock: next.stock, firstSeq }];
  });
}

export async function createCampaign(
  auth: StaffAuth,
  dealershipId: string | undefined,
  terms: CampaignTerms
) {
  const now = clock.now();
  const _id = new Types.ObjectId();
  const doc = {
    _id,
    dealershipId: new Types.ObjectId(oneDealership(auth, dealershipId)),
    status: 'draft',
    terms,
    version: 1,
    endsAt: windowEnd(terms),
    commitment: null,
    seedHex: null,
    problems: [],
    createdBy: new Types.ObjectId(auth.staffId),
    createdAt: now,
    updatedAt: now
  };
  await recordRevision({ _id, status: 'draft' }, 1, terms, auth.staffId);
  const created = await LotteryCampaign.create(doc);
  return presentCampaign(created.toObject() as CampaignRecord);
}

export async function listCampaigns(auth: StaffAuth, dealershipId?: string, status?: string) {
  const scope = dealershipScope(auth, dealershipId);
  const filter: Record<string, unknown> = {};
  if (scope) filter.dealershipId = new Types.ObjectId(scope);
  if (status) filter.status = status;
  const rows = await LotteryCampaign.find(filter).sort({ createdAt: -1 }).limit(200).lean<CampaignRecord[]>();
  return { items: rows.map(presentCampaign) };
}

export async function getCampaign(auth: StaffAuth, id: string): Promise<LotteryCampaignView> {
  return presentCampaign(await campaignFor(auth, id));
}

export async function updateCampaign(auth: StaffAuth, id: string, terms: CampaignTerms) {
  const current = await campaignFor(auth, id);
  if (current.status === 'submitted')
    throw conflict('CAMPAIGN_SUBMITTED', '活动正在审批中，不能修改；请经理退回后再改');
  if (current.status === 'ended') throw conflict('CAMPAIGN_ENDED', '活动已结束，不能修改');
  if (current.status === 'published') {
    const problems = changeProblems(termsOf(current), terms);
    if (problems.length > 0)
      throw unprocessable('CHANGE_REFUSED', `活动发布后不能这样修改：${problems[0]}`, { problems });
  }
  const version = current.version + 1;
  const raises = current.status === 'published' ? await stockRaisesOf(current, terms) : [];
  await recordRevision(current, version, terms, auth.staffId);
  await LotteryCampaign.updateOne(
    { _id: current._id, version: current.version },
    {
      $set: {
        terms,
        version,
        endsAt: windowEnd(terms),
        stockRaises: [...(current.stockRaises ?? []), ...raises],
        updatedAt: clock.now()
      }
    }
  );
  forgetCampaign(id);
  return getCampaign(auth, id);
}

/** Only a campaign never published may be deleted; published ones are kept (two years at least). */
export async function deleteCampaign(auth: StaffAuth, id: string): Promise<void> {
  const current = await campaignFor(auth, id);
  if (current.status === 'published' || current.status === 'ended' || current.publishedAt)
    throw conflict('RECORDS_RETAINED', '已发布活动的规则、抽奖记录和中奖名单须保存至少两年，不能删除');
  const removed = await LotteryCampaign.deleteOne({
    _id: current._id,
    status: current.status,
    publishedAt: null
  });
  if (removed.deletedCount === 0) throw conflict('CAMPAIGN_CHANGED', '活动状态已变化，请刷新后重试');
  await LotteryRevision.deleteMany({ campaignId: current._id });
  forgetCampaign(id);
}
