import type { AppDeps } from './deps';

export interface BackgroundWork {
  stop(): Promise<void>;
}

/** Scheduled jobs and queue workers that run beside the HTTP server. */
export function startBackgroundWork(deps: AppDeps): BackgroundWork {
  void deps;
  return { stop: async () => undefined };
}
