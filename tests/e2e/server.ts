import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { startTestApp, type TestContext } from '../support/harness';

type TestSandboxOptions = NonNullable<Parameters<typeof startTestApp>[1]>;

export const H5_DIR = resolve(__dirname, '../../miniapp/dist/h5');

export interface H5AppOptions {
  /** WeChat sandbox set-up, e.g. the template table for care messages (care-fixtures CARE_SANDBOX_TEMPLATES), or pay. */
  sandbox?: TestSandboxOptions;
}

export type H5App = TestContext & { url: string };

/** The real server serving the H5 build, in demo mode (browser stand-ins for WeChat codes). */
export async function startH5App(options: H5AppOptions = {}): Promise<H5App> {
  if (!existsSync(resolve(H5_DIR, 'index.html'))) {
    throw new Error('miniapp/dist/h5 is missing: npm test builds it first (npm run build -w miniapp)');
  }
  const ctx = await startTestApp({ DEMO_MODE: 'true', H5_DIR }, options.sandbox);
  const address = ctx.server.address() as { port: number };
  return { ...ctx, url: `http://127.0.0.1:${address.port}` };
}
