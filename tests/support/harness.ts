import type request from 'supertest';
import { createServer, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../server/src/config';
import { createLogger } from '../../server/src/lib/logger';
import { createApp } from '../../server/src/app';
import { compose, infrastructureFrom, type Composition } from '../../server/src/composition';
import type { AppDeps } from '../../server/src/deps';
import { startWechatSandbox, type RunningSandbox } from '../../scripts/wechat-sandbox';
import type { PayMode } from '../../scripts/wechat-sandbox/pay/types';
import { ensureDemoPayKeys, type PayKeys } from '../../scripts/pay-keys';
import { connectTestDatabase, dropTestDatabase } from './db';
import { contractCheckedAgent } from './contract';
import { startBackgroundWork } from '../../server/src/workers';

export const TEST_APPID = 'wx-test-appid';
export const TEST_SECRET = 'test-secret';

export interface TestContext {
  /** The composed server under test (the same composition root as main.ts and the scripts). */
  composition: Composition;
  deps: AppDeps;
  server: Server;
  sandbox: RunningSandbox;
  /** The merchant keys (with `pay`): the sandbox plays WeChat Pay, the server reads them from WECHATPAY_KEYS_DIR. */
  payKeys: PayKeys | null;
  /** supertest against the real HTTP server; every answer is checked against the API contract (contract.ts). */
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

/**
 * One app over HTTP on the real database (a database of this test file's own) with the
 * WeChat sandbox. Call in beforeAll; close in afterAll.
 */
export async function startTestApp(
  overrides: Partial<Record<keyof Config, string>> = {},
  sandboxOptions: {
    templates?: Record<string, string[]>;
    /** WeChat Pay in the sandbox, with fresh merchant keys written to a temporary keys directory. */
    pay?: { mode?: PayMode; timeScale?: number };
  } = {}
): Promise<TestContext> {
  const uri = await connectTestDatabase();
  const { pay, ...wechatOptions } = sandboxOptions;
  const keysDir = pay ? mkdtempSync(join(tmpdir(), 'dealer-pay-keys-')) : null;
  const payKeys = keysDir ? ensureDemoPayKeys(keysDir, TEST_APPID) : null;
  const sandbox = await startWechatSandbox({
    appid: TEST_APPID,
    secret: TEST_SECRET,
    ...wechatOptions,
    ...(pay && payKeys
      ? { pay: { keys: payKeys, mode: pay.mode ?? 'certificate', timeScale: pay.timeScale ?? 1000 } }
      : {})
  });
  // Listening first: WeChat Pay's notify_url needs the port.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  const config = loadConfig({
    NODE_ENV: 'test',
    MONGODB_URI: uri,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    WECHAT_API_BASE: sandbox.url,
    WECHAT_APPID: TEST_APPID,
    WECHAT_SECRET: TEST_SECRET,
    WECHAT_TIMEOUT_MS: '1500',
    UPLOAD_DIR: mkdtempSync(join(tmpdir(), 'dealer-uploads-')),
    H5_DIR: '/nonexistent',
    // Background work runs as in production (import worker); cron schedules only when a test asks.
    JOBS_ENABLED: 'false',
    WECHATPAY_API_BASE: sandbox.url,
    PAY_NOTIFY_BASE: `http://127.0.0.1:${port}`,
    ...(keysDir ? { WECHATPAY_KEYS_DIR: keysDir } : {}),
    ...overrides
  });
  const logger = createLogger(config.LOG_LEVEL);
  const composition = compose(infrastructureFrom(config, logger));
  const { deps } = composition;
  const app = createApp(composition);
  server.on('request', app.callback());
  const background = startBackgroundWork(composition);
  return {
    composition,
    deps,
    server,
    sandbox,
    payKeys,
    http: () => contractCheckedAgent(server),
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await background.stop();
      await sandbox.stop();
      await dropTestDatabase();
    }
  };
}
