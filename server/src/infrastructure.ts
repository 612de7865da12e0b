import type { Config } from './config';
import type { Logger } from './lib/logger';
import type { WechatClient } from './lib/wechat/client';

/** The outside world a server talks to: settings, logs, WeChat. Jobs and routes are built with it. */
export interface Infrastructure {
  config: Config;
  logger: Logger;
  wechat: WechatClient;
}
