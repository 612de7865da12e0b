import type { Composition, Worker } from './composition';
import { startScheduler } from './lib/jobs/scheduler';

export interface BackgroundWork {
  stop(): Promise<void>;
}

/** The composed server's scheduled jobs and queue workers, beside the HTTP server. */
export function startBackgroundWork({ deps, modules }: Composition): BackgroundWork {
  const scheduler = deps.config.JOBS_ENABLED ? startScheduler(deps) : null;
  // Queue workers (DMS imports) always run, since uploads wait for them (JOBS_ENABLED is about schedules).
  const workers: Worker[] = modules.flatMap((m) => (m.workers ?? []).map((start) => start(deps)));
  return {
    stop: async () => {
      for (const worker of workers) await worker.stop();
      await scheduler?.stop();
    }
  };
}
