import { clock } from '../../lib/clock';
import type { JobContext, JobDefinition } from '../../lib/jobs/define';
import { endCampaigns } from './campaign-publication';
import { repairDraws } from './draw-repair';

/** Every minute: finish draws a stopped server left half done, then end campaigns past their window and reveal their seeds. */
async function runSweep(ctx: JobContext): Promise<void> {
  const repaired = await repairDraws();
  ctx.count('drawsFinished', repaired.finished);
  ctx.count('drawsRefused', repaired.refused);
  ctx.count('campaignsEnded', await endCampaigns(clock.now()));
}

export const lotteryJobs: JobDefinition[] = [
  {
    name: 'lottery-sweep',
    cron: '* * * * *',
    timezone: 'Asia/Shanghai',
    description: 'Lottery: finish half-done draws, end campaigns and reveal their seeds',
    run: runSweep
  }
];
