import { z } from 'zod';

/** Every setting the server reads, validated once at start. Defaults suit the local demo. */
const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** The placeholders a development machine runs with; WeChat refuses them, production must not start with them. */
const DEMO_WECHAT_APPID = 'wx-demo-appid';
const DEMO_WECHAT_SECRET = 'demo-secret';

const settingsSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// URI'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_MODE: booleanFlag.default(false),
  WECHAT_API_BASE: z.string().url().default('https://api.weixin.qq.com'),
  WECHAT_APPID: z.string().min(1).default(DEMO_WECHAT_APPID),
  WECHAT_SECRET: z.string().min(1).default(DEMO_WECHAT_SECRET),
  WECHAT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(5000),
  WECHAT_ENV_VERSION: z.enum(['release', 'trial', 'develop']).default('release'),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 7),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10000).default(30),
  JSON_BODY_LIMIT: z
    .string()
    .regex(/^\d+(kb|mb)$/i)
    .default('100kb'),
  UPLOAD_LIMIT_MB: z.coerce.number().int().min(1).max(512).default(50),
  UPLOAD_DIR: z.string().default('.data/uploads'),
  /** XLSX uploads (ZIP bombs): largest uncompressed part, most shared strings and their characters. */
  XLSX_MAX_PART_MB: z.coerce.number().int().min(1).max(4096).default(512),
  XLSX_MAX_SHARED_STRINGS: z.coerce.number().int().min(1).max(50_000_000).default(2_000_000),
  XLSX_MAX_SHARED_STRING_CHARS: z.coerce.number().int().min(1).max(2_000_000_000).default(100_000_000),
  H5_DIR: z.string().default('miniapp/dist/h5'),
  TRUST_PROXY: booleanFlag.default(false),
  /**
   * Reverse proxies in front of the server when TRUST_PROXY is on: the client address is the
   * one the outermost trusted proxy saw, this many entries from the right of X-Forwarded-For
   * (entries further left are whatever the client sent).
   */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
  /** Scheduled jobs (node-cron) on this instance; every instance may run them (slots are claimed). */
  JOBS_ENABLED: booleanFlag.default(true),
  /** subscribeMessage.send calls per second from this instance (WeChat limits the app). */
  CARE_SEND_RATE: z.coerce.number().min(0.1).max(10_000).default(20),
  /** Attempts per message for busy (-1), 5xx and timeouts, with exponential backoff. */
  CARE_SEND_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(4),
  CARE_RETRY_BASE_MS: z.coerce.number().int().min(1).max(60_000).default(500),
  /** WeChat Pay API v3 base URL (tests and the demo: the WeChat sandbox). */
  WECHATPAY_API_BASE: z.string().url().default('https://api.mch.weixin.qq.com'),
  /** Directory of the merchant's key files (apiclient_key.pem, apiclient_cert.pem, pay.json…) when no settings are saved. */
  WECHATPAY_KEYS_DIR: z.string().optional(),
  /** Public base URL WeChat Pay sends notifications to (https in production; no query). */
  PAY_NOTIFY_BASE: z.string().url().optional(),
  /** Minutes an unpaid order waits before it is closed and its stock and points are released. */
  PAY_ORDER_TIMEOUT_MIN: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30)
});

export type Config = z.infer<typeof settingsSchema>;

export class ConfigError extends Error {}

/** Reads settings from an environment map; throws a ConfigError naming each bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = settingsSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid settings:\n${lines.join('\n')}`);
  }
  const problems = parsed.data.NODE_ENV === 'production' ? productionProblems(parsed.data) : [];
  if (problems.length > 0)
    throw new ConfigError(`Invalid settings:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return parsed.data;
}

/** Settings that are fine on a development machine but must never reach production. */
function productionProblems(config: Config): string[] {
  const problems: string[] = [];
  if (config.DEMO_MODE) problems.push('DEMO_MODE: must be false in production');
  if (config.WECHAT_APPID === DEMO_WECHAT_APPID)
    problems.push(
      "WECHAT_APPID: set the mini-program's real appid (the demo value is refused in production)"
    );
  if (config.WECHAT_SECRET === DEMO_WECHAT_SECRET)
    problems.push(
      "WECHAT_SECRET: set the mini-program's real secret (the demo value is refused in production)"
    );
  if (config.PAY_NOTIFY_BASE && !config.PAY_NOTIFY_BASE.startsWith('https://'))
    problems.push('PAY_NOTIFY_BASE: WeChat Pay sends notifications to https addresses only');
  return problems;
}

/** The XLSX limits the import parser takes, from the settings. */
export function xlsxLimitsOf(config: Config) {
  return {
    maxPartBytes: config.XLSX_MAX_PART_MB * 1024 * 1024,
    maxSharedStrings: config.XLSX_MAX_SHARED_STRINGS,
    maxSharedStringChars: config.XLSX_MAX_SHARED_STRING_CHARS
  };
}
