/**
 * `npm start`: the product with demo data on a laptop, no settings needed.
 * Starts the local database (MONGODB_URI, else mongod, else embedded FerretDB), the WeChat
 * sandbox (unless WECHAT_API_BASE points elsewhere), builds the H5 app on first use, seeds
 * the demo dealership on the first start and runs the product's jobs over it (tiers, owner
 * bindings, care days, due events and reminders: scripts/demo/demo-activity.ts), then starts the server. Data
 * persists in .data/.
 */
import { resolve } from 'node:path';
import { loadConfig, ConfigError, type Config } from '../server/src/config';
import { createLogger, type Logger } from '../server/src/lib/logger';
import { shanghaiDate } from '../server/src/lib/clock';
import { compose, infrastructureFrom, openDatabase } from '../server/src/composition';
import { startServer } from '../server/src/main';
import { startLocalDatabase } from './db/launcher';
import { startWechatSandbox, type SandboxState } from './wechat-sandbox';
import { DEFAULT_CARE_TEMPLATES } from '@dealer/shared';
import type { IsoDate } from '@dealer/shared/domain';
import { DEMO_DEALER_CODE, seedDemo } from './demo/seed-demo';
import { bringDemoToLife } from './demo/demo-activity';
import { ensureH5Build } from './demo/h5-build';
import { printLogins } from './demo/print';
import { stockDemoPayItems } from './demo/demo-pay';
import { runDemoLottery } from './demo/demo-lottery';
import { ensureDemoPayKeys } from './pay-keys';

const ROOT = resolve(__dirname, '..');
const H5_DIR = resolve(ROOT, 'miniapp/dist/h5');

/**
 * The demo dealership on the first start (later starts find it and do nothing): the archive,
 * then the product's own jobs run over it, before the server takes requests.
 */
async function prepareDemo(config: Config, logger: Logger, sandbox: SandboxState | null) {
  await openDatabase(config.MONGODB_URI);
  const today = shanghaiDate(new Date()) as IsoDate;
  const logins = await seedDemo({ today });
  if (logins) console.log(`Seeded the demo dealership ${DEMO_DEALER_CODE}; running its jobs once:`);
  // The jobs' own info lines would drown the progress lines: warnings and errors only.
  const { deps } = compose(infrastructureFrom(config, logger.child({ demo: true }, { level: 'warn' })));
  const activity = await bringDemoToLife({ deps, sandbox, today, log: (line) => console.log(`  ${line}`) });
  if (activity)
    console.log(
      `  done: ${activity.tierRuns} tier runs, ${activity.owners} owners bound, ${activity.careRuns} care days, ${activity.bookings} visits booked for the demo visitor, ${activity.dueEvents} due events, ${activity.reminders} service reminders`
    );
  const payItems = await stockDemoPayItems(DEMO_DEALER_CODE);
  if (payItems) console.log(`  the shop has ${payItems} WeChat Pay items (模拟支付 in the H5 app)`);
  const lottery = await runDemoLottery(DEMO_DEALER_CODE);
  if (lottery.campaigns)
    console.log(`  a lottery campaign is running; demo owners made ${lottery.draws} draws`);
  return logins;
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? '127.0.0.1';
  const publicUrl = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
  await ensureH5Build(ROOT, H5_DIR, resolve(ROOT, '.data/h5-build.log'));
  const db = await startLocalDatabase({
    dataDir: resolve(ROOT, '.data/db'),
    log: (l) => console.log(`[db] ${l}`)
  });
  const appid = process.env.WECHAT_APPID ?? 'wx-demo-appid';
  // Demo WeChat Pay merchant keys, generated on the first start (mode 0600), shared by the
  // sandbox (WeChat's side) and the server (WECHATPAY_KEYS_DIR).
  const payKeysDir = resolve(ROOT, '.data/pay');
  const sandbox = process.env.WECHAT_API_BASE
    ? null
    : await startWechatSandbox({
        appid,
        secret: process.env.WECHAT_SECRET ?? 'demo-secret',
        port: Number(process.env.SANDBOX_PORT ?? 0),
        // The care engine's default subscribe-message templates, so demo greetings go out.
        templates: Object.fromEntries(DEFAULT_CARE_TEMPLATES.map((t) => [t.templateId, [...t.keywords]])),
        // In the demo a scanned binding code opens the H5 app's bind page.
        qrPayloadBase: `${publicUrl}/#/`,
        pay: { keys: ensureDemoPayKeys(payKeysDir, appid), mode: 'public-key' }
      });
  let config: Config;
  try {
    config = loadConfig({
      DEMO_MODE: 'true',
      H5_DIR,
      UPLOAD_DIR: resolve(ROOT, '.data/uploads'),
      ...process.env,
      PORT: String(port),
      HOST: host,
      MONGODB_URI: db.uri,
      ...(sandbox
        ? {
            WECHAT_API_BASE: sandbox.url,
            WECHATPAY_API_BASE: sandbox.url,
            WECHATPAY_KEYS_DIR: process.env.WECHATPAY_KEYS_DIR ?? payKeysDir,
            PAY_NOTIFY_BASE: process.env.PAY_NOTIFY_BASE ?? publicUrl
          }
        : {})
    });
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(2);
  }
  // Readable lines on a terminal, JSON lines otherwise (log collectors).
  const logger = createLogger(config.LOG_LEVEL, process.stdout.isTTY === true);
  const logins = await prepareDemo(config, logger, sandbox?.state ?? null);
  const server = await startServer(config, logger);
  if (logins) printLogins(logins);

  console.log(
    `\nDealer engagement is running (database: ${db.engine}, WeChat: ${sandbox ? 'sandbox' : config.WECHAT_API_BASE})`
  );
  console.log(`  Staff (H5):        ${publicUrl}/#/pages/login/index?mode=staff`);
  console.log(
    `  Owner from the QR: ${publicUrl}/#/pages/owner/bind/index?scene=${encodeURIComponent(`d=${DEMO_DEALER_CODE}`)}`
  );
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
