import type { AppDeps } from './deps';
import { startScheduler } from './lib/jobs/scheduler';
import './modules/care/care.jobs';

export interface BackgroundWork {
  stop(): Promise<void>;
}

/** Scheduled jobs and queue workers that run beside the HTTP server. */
export function startBackgroundWork(deps: AppDeps): BackgroundWork {
  const scheduler = deps.config.JOBS_ENABLED ? startScheduler(deps) : null;
  return {
    stop: async () => {
      await scheduler?.stop();
    }
  };
}
