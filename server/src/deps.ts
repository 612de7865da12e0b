import type { Config } from './config';
import type { Logger } from './lib/logger';
import type { WechatClient } from './lib/wechat/client';

/** What route modules are built with. Tests build the same from their own settings. */
export interface AppDeps {
  config: Config;
  logger: Logger;
  wechat: WechatClient;
}
