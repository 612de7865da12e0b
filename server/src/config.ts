import { z } from 'zod';

/** Every setting the server reads, validated once at start. Defaults suit the local demo. */
const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const settingsSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// URI'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_MODE: booleanFlag.default(false),
  WECHAT_API_BASE: z.string().url().default('https://api.weixin.qq.com'),
  WECHAT_APPID: z.string().min(1).default('wx-demo-appid'),
  WECHAT_SECRET: z.string().min(1).default('demo-secret'),
  WECHAT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(5000),
  WECHAT_ENV_VERSION: z.enum(['release', 'trial', 'develop']).default('release'),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(24 * 7),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10000).default(30),
  JSON_BODY_LIMIT: z.string().regex(/^\d+(kb|mb)$/i).default('100kb'),
  UPLOAD_LIMIT_MB: z.coerce.number().int().min(1).max(512).default(50),
  UPLOAD_DIR: z.string().default('.data/uploads'),
  H5_DIR: z.string().default('miniapp/dist/h5'),
  TRUST_PROXY: booleanFlag.default(false),
  /** Scheduled jobs (node-cron) on this instance; every instance may run them (slots are claimed). */
  JOBS_ENABLED: booleanFlag.default(true),
  /** subscribeMessage.send calls per second from this instance (WeChat limits the app). */
  CARE_SEND_RATE: z.coerce.number().min(0.1).max(10_000).default(20),
  /** Attempts per message for busy (-1), 5xx and timeouts, with exponential backoff. */
  CARE_SEND_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(4),
  CARE_RETRY_BASE_MS: z.coerce.number().int().min(1).max(60_000).default(500)
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
  if (parsed.data.NODE_ENV === 'production' && parsed.data.DEMO_MODE) {
    throw new ConfigError('Invalid settings:\n  DEMO_MODE: must be false in production');
  }
  return parsed.data;
}
