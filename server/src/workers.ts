import type { AppDeps } from './deps';
import { xlsxLimitsOf } from './config';
import { startScheduler } from './lib/jobs/scheduler';
import './modules/care/care.jobs';
import './modules/tiers/tiers.jobs';
import { ImportWorker } from './modules/imports/import-worker';

export interface BackgroundWork {
  stop(): Promise<void>;
}

/** Scheduled jobs and queue workers that run beside the HTTP server. */
export function startBackgroundWork(deps: AppDeps): BackgroundWork {
  const scheduler = deps.config.JOBS_ENABLED ? startScheduler(deps) : null;
  // DMS import jobs: always on, since uploads wait for them (JOBS_ENABLED is about schedules).
  const imports = new ImportWorker(deps.logger, { xlsxLimits: xlsxLimitsOf(deps.config) }).start();
  return {
    stop: async () => {
      await imports.stop();
      await scheduler?.stop();
    }
  };
}
