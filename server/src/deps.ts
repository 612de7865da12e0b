import type { Config } from './config';
import type { Logger } from './lib/logger';
import type { WechatClient } from './lib/wechat/client';
import type { JobCatalog } from './lib/jobs/define';

/** The outside world a server talks to: settings, logs, WeChat. */
export interface Infrastructure {
  config: Config;
  logger: Logger;
  wechat: WechatClient;
}

/**
 * What routes, jobs and workers are built with: the infrastructure plus the jobs of the
 * composed server. Only `compose()` (composition.ts) makes one.
 */
export interface AppDeps extends Infrastructure {
  jobs: JobCatalog;
}
