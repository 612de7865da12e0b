import { clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import { op } from '../../lib/query';
import { liveCampaign } from './campaign-cache';
import { completeDraw } from './draw.service';
import { LotteryDraw, type DrawRecord } from './draw.model';

/**
 * Draws a stopped server left half done (pending: the outcome and prize not yet stored). Each
 * step is keyed by the draw, so finishing one gives nothing twice; a draw still in the hands of a live request is left alone for `graceMs`.
 */
export interface RepairOutcome {
  finished: number;
  refused: number;
  failed: number;
}

export async function repairDraws(graceMs = 60_000, batch = 500): Promise<RepairOutcome> {
  const before = new Date(clock.now().getTime() - graceMs);
  const outcome: RepairOutcome = { finished: 0, refused: 0, failed: 0 };
  // Draws that could not be finished this time (their campaign gone, the ledger busy): not again now.
  const skipped: string[] = [];
  for (;;) {
    const left = await LotteryDraw.find({
      state: 'pending',
      createdAt: op.lt(before),
      _id: op.nin(skipped)
    })
      .sort({ createdAt: 1 })
      .limit(batch)
      .lean<DrawRecord[]>();
    if (left.length === 0) return outcome;
    for (const draw of left) {
      const campaign = await liveCampaign(String(draw.campaignId));
      if (!campaign) {
        skipped.push(draw._id);
        continue;
      }
      try {
        await completeDraw(campaign, draw);
        outcome.finished++;
      } catch (err) {
        skipped.push(draw._id);
        if (err instanceof AppError && err.status < 500) outcome.refused++;
        else outcome.failed++;
      }
    }
    if (left.length < batch) return outcome;
  }
}
