import { clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import { op } from '../../lib/query';
import { liveCampaign } from './campaign-cache';
import { completeDraw } from './draw.service';
import { LotteryDraw, type DrawRecord } from './draw.model';
import { pendingDraw } from './draw-start';
import { LotteryDrawStart, LotterySweepMark } from './draw-start.model';

/**
 * Draws a stopped server left half done: started (`lottery_draw_starts`) but never finished
 * (no record in `lottery_draws`). Each step is keyed by the draw, so finishing one gives
 * nothing twice; a draw still in the hands of a live request is left alone for `graceMs`.
 * The sweep looks at the starts since its mark and moves the mark on (one write a run), so
 * neither the draws nor the sweep write anything to close a start.
 */
export interface RepairOutcome {
  finished: number;
  refused: number;
  failed: number;
}

const MARK = 'draw-repair';

export async function repairDraws(graceMs = 60_000, batch = 500): Promise<RepairOutcome> {
  const before = new Date(clock.now().getTime() - graceMs);
  const mark = await LotterySweepMark.findById(MARK).lean();
  const outcome: RepairOutcome = { finished: 0, refused: 0, failed: 0 };
  // The oldest start that could not be finished this time (its campaign gone, the ledger busy):
  // the mark stays before it, so the next run tries it again.
  let firstSkipped: Date | null = null;
  let from = mark?.upTo ?? new Date(0);
  let afterId = '';
  for (;;) {
    const starts = await LotteryDrawStart.find({
      $or: [{ createdAt: op.gt(from) }, { createdAt: from, _id: op.gt(afterId) }],
      createdAt: op.lt(before)
    })
      .sort({ createdAt: 1, _id: 1 })
      .limit(batch)
      .lean<DrawRecord[]>();
    if (starts.length === 0) break;
    const finished = await LotteryDraw.find({ _id: op.in(starts.map((s) => s._id)) }, { _id: 1 }).lean();
    const done = new Set(finished.map((d) => d._id));
    for (const start of starts) {
      if (done.has(start._id)) continue;
      const result = await finish(start);
      if (result === 'finished') outcome.finished++;
      else {
        if (result === 'refused') outcome.refused++;
        else outcome.failed++;
        if (result !== 'refused') firstSkipped ??= start.createdAt;
      }
    }
    const last = starts[starts.length - 1];
    from = last.createdAt;
    afterId = last._id;
    if (starts.length < batch) break;
  }
  const upTo = firstSkipped && firstSkipped < before ? new Date(firstSkipped.getTime() - 1) : before;
  await LotterySweepMark.updateOne({ _id: MARK }, { $set: { upTo } }, { upsert: true });
  return outcome;
}

async function finish(start: DrawRecord): Promise<'finished' | 'refused' | 'failed' | 'skipped'> {
  const campaign = await liveCampaign(String(start.campaignId));
  if (!campaign) return 'skipped';
  try {
    await completeDraw(campaign, pendingDraw(start));
    return 'finished';
  } catch (err) {
    return err instanceof AppError && err.status < 500 ? 'refused' : 'failed';
  }
}
