import type { Infrastructure } from './infrastructure';
import type { JobCatalog } from './lib/jobs/define';

export type { Infrastructure } from './infrastructure';

/**
 * What routes, jobs and workers are built with: the infrastructure plus the jobs of the
 * composed server. Only `compose()` (composition.ts) makes one.
 */
export interface AppDeps extends Infrastructure {
  jobs: JobCatalog;
}
