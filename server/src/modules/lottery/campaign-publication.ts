import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { seedCommitment } from '@dealer/shared';
import type { StaffAuth } from '../../http/auth-context';
import { clock } from '../../lib/clock';
import { conflict, isDuplicateKeyError } from '../../lib/errors';
import { op } from '../../lib/query';
import { termsOf } from './campaign-terms';
import { forgetCampaign } from './campaign-cache';
import { problemsOf, publicationRefused } from './campaign-checks';
import { LotteryCampaign, LotterySeed } from './campaign.model';
import { getCampaign } from './campaign.service';
import { campaignFor } from './campaign.scope';

/**
 * draft -> submitted (marketing) -> published (a manager approves: a 32-byte seed is drawn and
 * its sha256 committed) or back to draft with the reasons -> ended (the job, at the end of the
 * window, reveals the seed). Each transition is a conditional write on the status; the seed
 * is one per campaign by its `_id`, so two approvals at once publish one commitment.
 */

const stale = () => conflict('CAMPAIGN_CHANGED', '活动状态已变化，请刷新后重试');

export async function submitCampaign(auth: StaffAuth, id: string) {
  const c = await campaignFor(auth, id);
  if (c.status !== 'draft') throw conflict('CAMPAIGN_NOT_DRAFT', '只有草稿可以提交审批');
  const problems = await problemsOf(c.dealershipId, termsOf(c));
  const now = clock.now();
  if (problems.length > 0) {
    await LotteryCampaign.updateOne({ _id: c._id }, { $set: { problems, updatedAt: now } });
    throw publicationRefused(problems);
  }
  const moved = await LotteryCampaign.updateOne(
    { _id: c._id, status: 'draft', version: c.version },
    { $set: { status: 'submitted', problems: [], submittedAt: now, updatedAt: now } }
  );
  if (moved.matchedCount === 0) throw stale();
  return getCampaign(auth, id);
}

export async function rejectCampaign(auth: StaffAuth, id: string, reason: string) {
  const c = await campaignFor(auth, id);
  if (c.status !== 'submitted') throw conflict('CAMPAIGN_NOT_SUBMITTED', '只有待审批的活动可以退回');
  const moved = await LotteryCampaign.updateOne(
    { _id: c._id, status: 'submitted' },
    { $set: { status: 'draft', problems: [reason], updatedAt: clock.now() } }
  );
  if (moved.matchedCount === 0) throw stale();
  return getCampaign(auth, id);
}

/** The campaign's seed: drawn once (a second approval racing the first reads the stored one). */
async function seedFor(campaignId: Types.ObjectId): Promise<string> {
  try {
    const seedHex = randomBytes(32).toString('hex');
    await LotterySeed.create({ _id: campaignId, seedHex, createdAt: clock.now() });
    return seedHex;
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const stored = await LotterySeed.findById(campaignId).lean();
    if (!stored) throw err;
    return stored.seedHex;
  }
}

export async function approveCampaign(auth: StaffAuth, id: string) {
  const c = await campaignFor(auth, id);
  if (c.status !== 'submitted') throw conflict('CAMPAIGN_NOT_SUBMITTED', '只有待审批的活动可以批准发布');
  const problems = await problemsOf(c.dealershipId, termsOf(c));
  const now = clock.now();
  if (problems.length > 0) {
    await LotteryCampaign.updateOne(
      { _id: c._id, status: 'submitted' },
      { $set: { status: 'draft', problems, updatedAt: now } }
    );
    throw publicationRefused(problems);
  }
  const commitment = seedCommitment(await seedFor(c._id));
  const moved = await LotteryCampaign.updateOne(
    { _id: c._id, status: 'submitted', version: c.version },
    {
      $set: {
        status: 'published',
        commitment,
        publishedAt: now,
        approvedBy: new Types.ObjectId(auth.staffId),
        problems: [],
        updatedAt: now
      }
    }
  );
  if (moved.matchedCount === 0) {
    const again = await LotteryCampaign.findById(c._id, { status: 1 }).lean();
    if (again?.status !== 'published') throw stale();
  }
  forgetCampaign(id);
  return getCampaign(auth, id);
}

/**
 * Draws are only started inside the window; this long after its end every one of them has
 * finished or is old enough for the repair sweep, so the revealed record has no gap.
 */
export const END_GRACE_MS = 3 * 60_000;

/** The job: published campaigns whose window has closed end, and their seeds are revealed. */
export async function endCampaigns(now: Date): Promise<number> {
  const closedBefore = new Date(now.getTime() - END_GRACE_MS);
  const due = await LotteryCampaign.find(
    { status: 'published', endsAt: op.lte(closedBefore) },
    { _id: 1 }
  ).lean();
  let ended = 0;
  for (const c of due) {
    const seed = await LotterySeed.findById(c._id).lean();
    const moved = await LotteryCampaign.updateOne(
      { _id: c._id, status: 'published' },
      {
        $set: {
          status: 'ended',
          endedAt: now,
          seedHex: seed?.seedHex ?? null,
          seedRevealedAt: now,
          updatedAt: now
        }
      }
    );
    ended += moved.modifiedCount;
    forgetCampaign(String(c._id));
  }
  return ended;
}
