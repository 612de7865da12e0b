import type request from 'supertest';
import type { Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../server/src/config';
import { createLogger } from '../../server/src/lib/logger';
import { createApp } from '../../server/src/app';
import { compose, infrastructureFrom, type Composition } from '../../server/src/composition';
import type { AppDeps } from '../../server/src/deps';
import { startWechatSandbox, type RunningSandbox } from '../../scripts/wechat-sandbox';
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
  sandboxOptions: { templates?: Record<string, string[]> } = {}
): Promise<TestContext> {
  const uri = await connectTestDatabase();
  const sandbox = await startWechatSandbox({ appid: TEST_APPID, secret: TEST_SECRET, ...sandboxOptions });
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
    ...overrides
  });
  const logger = createLogger(config.LOG_LEVEL);
  const composition = compose(infrastructureFrom(config, logger));
  const { deps } = composition;
  const app = createApp(composition);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const background = startBackgroundWork(composition);
  return {
    composition,
    deps,
    server,
    sandbox,
    http: () => contractCheckedAgent(server),
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await background.stop();
      await sandbox.stop();
      await dropTestDatabase();
    }
  };
}
