/**
 * `npm start`: the product with demo data on a laptop, no settings needed.
 * Starts the local database (MONGODB_URI, else mongod, else embedded FerretDB), the WeChat
 * sandbox (unless WECHAT_API_BASE points elsewhere), builds the H5 app on first use, starts
 * the server and seeds the demo dealership on the first start. Data persists in .data/.
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { loadConfig, ConfigError } from '../server/src/config';
import { createLogger } from '../server/src/lib/logger';
import { shanghaiDate } from '../server/src/lib/clock';
import { startServer } from '../server/src/main';
import { startLocalDatabase } from './db/launcher';
import { startWechatSandbox } from './wechat-sandbox';
import { DEFAULT_CARE_TEMPLATES } from '@dealer/shared';
import { DEMO_DEALER_CODE, seedDemo } from './demo/seed-demo';
import { printLogins } from './demo/print';

const ROOT = resolve(__dirname, '..');
const H5_DIR = resolve(ROOT, 'miniapp/dist/h5');

function ensureH5Build(): void {
  if (existsSync(resolve(H5_DIR, 'index.html'))) return;
  console.log('Building the H5 app (first start only)…');
  const result = spawnSync('npm', ['run', 'build:h5', '-w', 'miniapp'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('The H5 build failed; see the output above.');
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? '127.0.0.1';
  const publicUrl = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
  ensureH5Build();
  const db = await startLocalDatabase({ dataDir: resolve(ROOT, '.data/db'), log: (l) => console.log(`[db] ${l}`) });
  const sandbox = process.env.WECHAT_API_BASE
    ? null
    : await startWechatSandbox({
        appid: process.env.WECHAT_APPID ?? 'wx-demo-appid',
        secret: process.env.WECHAT_SECRET ?? 'demo-secret',
        port: Number(process.env.SANDBOX_PORT ?? 0),
        // The care engine's default subscribe-message templates, so demo greetings go out.
        templates: Object.fromEntries(DEFAULT_CARE_TEMPLATES.map((t) => [t.templateId, [...t.keywords]])),
        // In the demo a scanned binding code opens the H5 app's bind page.
        qrPayloadBase: `${publicUrl}/#/`
      });
  let config;
  try {
    config = loadConfig({
      DEMO_MODE: 'true',
      H5_DIR,
      UPLOAD_DIR: resolve(ROOT, '.data/uploads'),
      ...process.env,
      PORT: String(port),
      HOST: host,
      MONGODB_URI: db.uri,
      ...(sandbox ? { WECHAT_API_BASE: sandbox.url } : {})
    });
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(2);
  }
  const logger = createLogger(config.LOG_LEVEL, process.stdout.isTTY);
  const server = await startServer(config, logger);
  const logins = await seedDemo({ today: shanghaiDate(new Date()) });
  if (logins) printLogins(logins);

  console.log(`\nDealer engagement is running (database: ${db.engine}, WeChat: ${sandbox ? 'sandbox' : config.WECHAT_API_BASE})`);
  console.log(`  Staff (H5):        ${publicUrl}/#/pages/login/index?mode=staff`);
  console.log(`  Owner from the QR: ${publicUrl}/#/pages/owner/bind/index?scene=${encodeURIComponent(`d=${DEMO_DEALER_CODE}`)}`);
  console.log(`  API:               ${publicUrl}/api/openapi.json\n`);

  const stop = async () => {
    await server.stop();
    await sandbox?.stop();
    await db.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
