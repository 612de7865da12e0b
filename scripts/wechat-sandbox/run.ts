/**
 * Runs the WeChat sandbox by hand:
 *   tsx scripts/wechat-sandbox/run.ts --port 9301 [--host 127.0.0.1] [--appid wx…] [--secret …]
 *     [--config sandbox.json] [--pages pages/index/index,pages/bind/index] [--rate 500]
 *     [--qr-base http://localhost:10086/#/] [--pay-keys .data/pay [--pay-mode public-key] [--time-scale 60]]
 *     [--verbose]
 * --config is a JSON file with any SandboxOptions (templates, pages, …); flags override it.
 * --pay-keys serves WeChat Pay API v3 with the demo merchant keys of that folder (made on first use).
 * Environment: WECHAT_APPID, WECHAT_SECRET. Prints its URL on stderr; --verbose logs each call
 * on stderr. Stops on SIGINT / SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ensureDemoPayKeys } from '../pay-keys';
import { startWechatSandbox, type PayMode, type SandboxOptions } from './index';

/** Used when neither --config nor a template is given, so the sandbox is usable at once. */
const DEFAULT_TEMPLATES: Record<string, string[]> = {
  SANDBOX_CARE_REMINDER: ['thing1', 'time2', 'thing3'],
  SANDBOX_SERVICE_DUE: ['car_number1', 'date2', 'thing3', 'phone_number4'],
  SANDBOX_BOOKING_RESULT: ['phrase1', 'time2', 'name3', 'thing4']
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '9301' },
      host: { type: 'string' },
      appid: { type: 'string' },
      secret: { type: 'string' },
      config: { type: 'string' },
      pages: { type: 'string' },
      rate: { type: 'string' },
      'qr-base': { type: 'string' },
      'pay-keys': { type: 'string' },
      'pay-mode': { type: 'string', default: 'certificate' },
      'time-scale': { type: 'string', default: '1' },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false }
    }
  });
  if (values.help) {
    process.stderr.write(
      'usage: tsx scripts/wechat-sandbox/run.ts --port 9301 [--host h] [--appid id] [--secret s] [--config file.json] [--pages a,b] [--rate n] [--qr-base prefix] [--pay-keys dir [--pay-mode certificate|public-key] [--time-scale n]] [--verbose]\n'
    );
    return;
  }
  const fromFile: Partial<SandboxOptions> = values.config
    ? (JSON.parse(readFileSync(values.config, 'utf8')) as Partial<SandboxOptions>)
    : {};
  const opts: SandboxOptions = {
    ...fromFile,
    appid: values.appid ?? process.env.WECHAT_APPID ?? fromFile.appid ?? 'wxsandbox0000001',
    secret: values.secret ?? process.env.WECHAT_SECRET ?? fromFile.secret ?? 'sandbox-secret',
    port: Number(values.port),
    templates: fromFile.templates ?? DEFAULT_TEMPLATES
  };
  if (values.host) opts.host = values.host;
  if (values.pages)
    opts.pages = values.pages
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
  if (values.rate) opts.ratePerSecond = Number(values.rate);
  if (values['qr-base']) opts.qrPayloadBase = values['qr-base'];
  if (values['pay-keys']) {
    opts.pay = {
      keys: ensureDemoPayKeys(values['pay-keys'], opts.appid),
      mode: values['pay-mode'] as PayMode,
      timeScale: Number(values['time-scale'])
    };
  }
  if (values.verbose) opts.logger = (line) => process.stderr.write(`[wechat-sandbox] ${line}\n`);

  const sandbox = await startWechatSandbox(opts);
  process.stderr.write(
    `WeChat sandbox on ${sandbox.url} (appid ${opts.appid}); templates: ${Object.keys(opts.templates ?? {}).join(', ') || 'none'}${opts.pay ? `; WeChat Pay (mchid ${opts.pay.keys.mchid}, ${opts.pay.mode} mode)` : ''}\n`
  );
  const stop = () => {
    void sandbox.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`wechat-sandbox: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
