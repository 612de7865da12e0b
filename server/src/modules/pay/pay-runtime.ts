import type { Config } from '../../config';
import { AppError } from '../../lib/errors';
import { TtlCache } from '../../lib/ttl-cache';
import { loadCredentials, type CredentialSource } from './merchant-credentials';
import { PayGateway } from './wechatpay-client';

/**
 * The pay module's view of the settings: the gateway of the merchant credentials in force
 * (re-read every 30 s, at once after a settings change here), the notify URL, the order timeout.
 */

const CREDENTIALS_TTL_MS = 30_000;
export const NOTIFICATIONS_PATH = '/api/pay/notifications';

export const payNotConfigured = () => new AppError(503, 'PAY_NOT_CONFIGURED', '微信支付尚未配置，暂不能购买');

export class PayRuntime {
  private readonly cache = new TtlCache<{ source: CredentialSource; gateway: PayGateway | null }>(
    CREDENTIALS_TTL_MS
  );
  private readonly gateways = new Map<string, PayGateway>();

  constructor(readonly config: Config) {}

  get orderTimeoutMs(): number {
    return this.config.PAY_ORDER_TIMEOUT_MIN * 60_000;
  }

  get notifyUrl(): string {
    const base = this.config.PAY_NOTIFY_BASE ?? `http://${this.config.HOST}:${this.config.PORT}`;
    return base.replace(/\/$/, '') + NOTIFICATIONS_PATH;
  }

  /** The gateway in force, or null when WeChat Pay is not configured. */
  async current(): Promise<{ source: CredentialSource; gateway: PayGateway | null }> {
    return this.cache.getOrLoad('merchant', async () => {
      const { source, credentials } = await loadCredentials(this.config.WECHATPAY_KEYS_DIR);
      if (!credentials) return { source, gateway: null };
      // One gateway per credential set, so the platform certificates stay cached across reloads.
      const key = JSON.stringify(credentials);
      let gateway = this.gateways.get(key);
      if (!gateway) {
        gateway = new PayGateway(credentials, {
          baseUrl: this.config.WECHATPAY_API_BASE,
          timeoutMs: this.config.WECHAT_TIMEOUT_MS
        });
        this.gateways.clear();
        this.gateways.set(key, gateway);
      }
      return { source, gateway };
    });
  }

  async gateway(): Promise<PayGateway> {
    const { gateway } = await this.current();
    if (!gateway) throw payNotConfigured();
    return gateway;
  }

  /** After the settings changed through this process. */
  invalidate(): void {
    this.cache.invalidate('merchant');
  }
}

const runtimes = new WeakMap<Config, PayRuntime>();

/** One runtime per settings object (the app, its jobs and its tests share it). */
export function payRuntime(config: Config): PayRuntime {
  let runtime = runtimes.get(config);
  if (!runtime) {
    runtime = new PayRuntime(config);
    runtimes.set(config, runtime);
  }
  return runtime;
}
