import { Types } from 'mongoose';
import { clock, shanghaiDate } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import { op } from '../../lib/query';
import { Customer } from '../customers/customer.model';
import { isOpenAt } from './campaign-terms';
import { campaignNotFound, liveCampaign, type LiveCampaign } from './campaign-cache';
import { LotteryCampaign } from './campaign.model';
import { groups } from './claim-groups';
import { takenIn } from './draw-claims-held';
import { participantOf } from './draw-participant';
import { LotteryDraw, LotteryEntrant, LotteryPickup, type DrawRecord } from './draw.model';
import { presentDraw } from './draw.present';

/** The owner's side: campaigns open to them, their draws and prizes. */

const VISIBLE = ['published', 'ended'];

/** A campaign as this owner sees it (their free draws left today, draws today). */
export async function ownerCampaignView(campaign: LiveCampaign, ownerId: string) {
  const { terms } = campaign;
  const participant = await participantOf(campaign, terms, ownerId);
  const c = String(campaign._id);
  const customer = String(participant.customerId);
  const day = shanghaiDate(clock.now());
  const [freeTaken, drawsToday, stored] = await Promise.all([
    terms.entry.freePerDay > 0 ? takenIn(groups.freeDay(c, customer, day)) : 0,
    LotteryDraw.countDocuments({
      campaignId: campaign._id,
      customerId: participant.customerId,
      day,
      state: 'done'
    }),
    LotteryCampaign.findById(campaign._id, { commitment: 1 }).lean()
  ]);
  return {
    id: c,
    dealershipId: String(campaign.dealershipId),
    name: terms.name,
    startsAt: terms.startsAt,
    endsAt: terms.endsAt,
    status: campaign.status as 'published' | 'ended',
    open: campaign.status === 'published' && isOpenAt(terms, clock.now()),
    prizes: terms.prizes.map((p) => ({ id: p.id, name: p.name, kind: p.kind })),
    pointsPerDraw: terms.entry.pointsPerDraw,
    freeLeftToday: Math.max(0, terms.entry.freePerDay - freeTaken),
    drawsToday,
    commitment: stored?.commitment ?? null
  };
}

export async function ownerCampaign(ownerId: string, campaignId: string) {
  const campaign = await liveCampaign(campaignId);
  if (!campaign || !VISIBLE.includes(campaign.status)) throw campaignNotFound();
  return ownerCampaignView(campaign, ownerId);
}

/** Published and ended campaigns of the dealerships the owner belongs to (bound, or joined at an event). */
export async function listOwnerCampaigns(ownerId: string) {
  const owner = new Types.ObjectId(ownerId);
  const [archives, joined] = await Promise.all([
    Customer.find({ ownerId: owner }, { dealershipId: 1 }).lean(),
    LotteryEntrant.find({ ownerId: owner }, { campaignId: 1 }).lean()
  ]);
  const rows = await LotteryCampaign.find(
    {
      status: op.in(VISIBLE),
      $or: [
        { dealershipId: op.in(archives.map((a) => a.dealershipId)) },
        { _id: op.in(joined.map((j) => j.campaignId)) }
      ]
    },
    { _id: 1 }
  )
    .sort({ createdAt: -1 })
    .limit(50)
    .lean();
  const items = [];
  for (const row of rows) {
    const campaign = await liveCampaign(String(row._id));
    if (!campaign) continue;
    try {
      items.push(await ownerCampaignView(campaign, ownerId));
    } catch (err) {
      if (!(err instanceof AppError)) throw err; // not in this campaign's audience
    }
  }
  return { items };
}

/** The owner's draws, newest first, with their prizes and whether a gift was picked up. */
export async function myDraws(ownerId: string) {
  const draws = await LotteryDraw.find({
    ownerId: new Types.ObjectId(ownerId),
    state: 'done'
  })
    .sort({ createdAt: -1 })
    .limit(100)
    .lean<DrawRecord[]>();
  const pickups = await LotteryPickup.find(
    { drawId: op.in(draws.map((d) => d._id)) },
    { drawId: 1, pickedUpAt: 1 }
  ).lean();
  const pickedUp = new Map(pickups.map((p) => [p.drawId, p.pickedUpAt ?? null]));
  const items = [];
  for (const d of draws) {
    const campaign = await liveCampaign(String(d.campaignId));
    if (campaign) items.push(presentDraw(campaign, d, pickedUp.get(d._id) ?? null));
  }
  return { items };
}
