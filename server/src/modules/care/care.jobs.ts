import type { JobDefinition } from '../../lib/jobs/define';
import { runCareDay, sendDueDispatches } from './engine/care-day';
import type { CareSources } from './care-sources';

/**
 * The daily care job plans the day's occasions early; greetings wait for the send window
 * (09:00 by default) and go out with the sender loop, advisor tasks appear at once.
 */
export function careJobs(sources: CareSources): JobDefinition[] {
  return [
    {
      name: 'care-daily',
      cron: '30 0 * * *',
      timezone: 'Asia/Shanghai',
      description: 'Plan and deliver the day’s care greetings and advisor tasks',
      run: (ctx) => runCareDay(ctx, sources)
    },
    {
      name: 'care-sender',
      cron: '* * * * *',
      timezone: 'Asia/Shanghai',
      description: 'Send care messages that have come due; take over sends of stopped instances',
      run: sendDueDispatches
    }
  ];
}
