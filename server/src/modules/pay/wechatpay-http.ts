import type { KeyObject } from 'node:crypto';
import { signatureProblem, signedMessageOf, type SignatureProblem } from './pay-crypto';

/**
 * The HTTP layer handed to `wechatpay-node-v3` (`createHttp`): the library builds every URL on
 * https://api.mch.weixin.qq.com and signs it; this layer sends it to WECHATPAY_API_BASE instead,
 * with a timeout, and checks the signature of every answer (the library checks none). Errors
 * come back as values, in the library's `{ status, data, error }` shape.
 */

export const WECHATPAY_OFFICIAL_BASE = 'https://api.mch.weixin.qq.com';

export interface PayHttpAnswer {
  status: number;
  data?: unknown;
  error?: string;
  /** Set when the answer's signature did not hold (then `status` is 0). */
  signature?: SignatureProblem;
}

type Headers = Record<string, string>;

export interface PayHttpOptions {
  baseUrl: string;
  timeoutMs: number;
  /** The platform key of a `Wechatpay-Serial`; answers without a known signer are refused. */
  keyFor(serial: string): Promise<KeyObject | null>;
  /** Paths whose answers carry no checkable signature (the certificates list authenticates by GCM). */
  unsignedPaths?: readonly string[];
}

export class PayHttp {
  constructor(private readonly options: PayHttpOptions) {}

  private target(url: string): string {
    return url.startsWith(WECHATPAY_OFFICIAL_BASE)
      ? this.options.baseUrl.replace(/\/$/, '') + url.slice(WECHATPAY_OFFICIAL_BASE.length)
      : url;
  }

  async send(method: 'GET' | 'POST', url: string, headers: Headers, body?: unknown): Promise<PayHttpAnswer> {
    const path = url.startsWith(WECHATPAY_OFFICIAL_BASE) ? url.slice(WECHATPAY_OFFICIAL_BASE.length) : url;
    let res: Response;
    let text: string;
    try {
      res = await fetch(this.target(url), {
        method,
        headers: { Accept: 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs)
      });
      text = await res.text();
    } catch (err) {
      return { status: 0, error: err instanceof Error ? err.message : String(err) };
    }
    const unsigned = this.options.unsignedPaths?.some((p) => path.split('?')[0] === p) ?? false;
    if (!unsigned) {
      const problem = await signatureProblem(
        signedMessageOf(Object.fromEntries(res.headers.entries()), text),
        this.options.keyFor,
        Date.now()
      );
      if (problem) return { status: 0, error: `answer signature: ${problem}`, signature: problem };
    }
    let data: unknown = text;
    try {
      data = text ? JSON.parse(text) : {};
    } catch {
      // Not JSON: keep the text.
    }
    return res.ok ? { status: res.status, data } : { status: res.status, data, error: text };
  }

  // The IPayRequest interface of wechatpay-node-v3.
  get = (url: string, headers: Headers) => this.send('GET', url, headers);
  post = (url: string, params: Record<string, unknown>, headers: Headers) =>
    this.send('POST', url, headers, params);
  upload = () => Promise.resolve({ status: 0, error: 'uploads are not used' });
}
