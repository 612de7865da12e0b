import type request from 'supertest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../server/src/config';
import { createLogger } from '../../server/src/lib/logger';
import { createApp } from '../../server/src/app';
import { compose, infrastructureFrom, type Composition } from '../../server/src/composition';
import type { AppDeps } from '../../server/src/deps';
import { startWechatSandbox, type PayMode, type RunningSandbox } from '../../scripts/wechat-sandbox';
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
  /** The merchant keys when started with `pay` (the server reads them from WECHATPAY_KEYS_DIR). */
  payKeys: PayKeys | null;
  /** supertest against the real HTTP server; every answer is checked against the API contract (contract.ts). */
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

/**
 * One app over HTTP on the real database (a database of this test file's own) with the
 * WeChat sandbox. Call in beforeAll; close in afterAll.
 */
export interface TestSandboxOptions {
  templates?: Record<string, string[]>;
  /**
   * WeChat Pay: the sandbox serves API v3 with fresh demo merchant keys (written to a
   * WECHATPAY_KEYS_DIR of the test's own) and the server is wired to it, its notify_url on
   * the test server's own port.
   */
  pay?: { mode?: PayMode; timeScale?: number };
}

/** A port free now, so the notify_url can name the server's port before it listens. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export async function startTestApp(
  overrides: Partial<Record<keyof Config, string>> = {},
  sandboxOptions: TestSandboxOptions = {}
): Promise<TestContext> {
  const uri = await connectTestDatabase();
  const { pay, ...sandboxRest } = sandboxOptions;
  const keysDir = pay ? mkdtempSync(join(tmpdir(), 'dealer-pay-keys-')) : null;
  const payKeys = keysDir ? ensureDemoPayKeys(keysDir, TEST_APPID) : null;
  const sandbox = await startWechatSandbox({
    appid: TEST_APPID,
    secret: TEST_SECRET,
    ...sandboxRest,
    ...(pay && payKeys
      ? { pay: { keys: payKeys, mode: pay.mode ?? 'certificate', timeScale: pay.timeScale ?? 1000 } }
      : {})
  });
  const port = pay ? await freePort() : 0;
  const payConfig: Partial<Record<keyof Config, string>> = keysDir
    ? {
        WECHATPAY_API_BASE: sandbox.url,
        WECHATPAY_KEYS_DIR: keysDir,
        PAY_NOTIFY_BASE: `http://127.0.0.1:${port}`
      }
    : {};
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
    ...payConfig,
    ...overrides
  });
  const logger = createLogger(config.LOG_LEVEL);
  const composition = compose(infrastructureFrom(config, logger));
  const { deps } = composition;
  const app = createApp(composition);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(port, '127.0.0.1', () => resolve(s));
  });
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
      if (keysDir) rmSync(keysDir, { recursive: true, force: true });
      await dropTestDatabase();
    }
  };
}
