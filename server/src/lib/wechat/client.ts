import { clock } from '../clock';
import { isDuplicateKeyError } from '../errors';
import { AccessToken } from './access-token.model';
import { TOKEN_EXPIRED_CODES, WechatError } from './wechat-error';

export interface WechatSettings {
  baseUrl: string;
  appid: string;
  secret: string;
  timeoutMs: number;
}

export interface CodeSession {
  openid: string;
  sessionKey: string;
  unionid: string | null;
}

export interface QrCodeRequest {
  scene: string;
  page: string;
  width?: number;
  envVersion: 'release' | 'trial' | 'develop';
  checkPath: boolean;
}

interface WechatJson {
  errcode?: number;
  errmsg?: string;
  [key: string]: unknown;
}

const TOKEN_MARGIN_MS = 5 * 60_000;

/** WeChat server APIs (docs/wechat.md). Base URL is a setting: the sandbox locally, WeChat in production. */
export class WechatClient {
  /** The database copy, kept in memory until it expires: senders call at hundreds per second. */
  private memo: { token: string; expiresAt: number } | null = null;

  constructor(private readonly settings: WechatSettings) {}

  private async call(api: string, path: string, init: RequestInit = {}): Promise<Response> {
    try {
      const res = await fetch(`${this.settings.baseUrl}${path}`, {
        ...init,
        signal: AbortSignal.timeout(this.settings.timeoutMs)
      });
      if (res.status >= 500) throw new WechatError(api, null, `HTTP ${res.status}`, 'http5xx');
      return res;
    } catch (err) {
      if (err instanceof WechatError) throw err;
      const timeout = err instanceof Error && err.name === 'TimeoutError';
      throw new WechatError(
        api,
        null,
        timeout ? 'timeout' : 'network error',
        timeout ? 'timeout' : 'network'
      );
    }
  }

  private async json(api: string, res: Response): Promise<WechatJson> {
    let body: WechatJson;
    try {
      body = (await res.json()) as WechatJson;
    } catch {
      throw new WechatError(api, null, `unreadable answer (HTTP ${res.status})`, 'unreadable');
    }
    if (body.errcode) throw new WechatError(api, body.errcode, body.errmsg ?? 'error');
    return body;
  }

  async code2Session(code: string): Promise<CodeSession> {
    const q = new URLSearchParams({
      appid: this.settings.appid,
      secret: this.settings.secret,
      js_code: code,
      grant_type: 'authorization_code'
    });
    const body = await this.json(
      'jscode2session',
      await this.call('jscode2session', `/sns/jscode2session?${q}`)
    );
    if (typeof body.openid !== 'string' || typeof body.session_key !== 'string') {
      throw new WechatError('jscode2session', null, 'answer without openid');
    }
    return {
      openid: body.openid,
      sessionKey: body.session_key,
      unionid: typeof body.unionid === 'string' ? body.unionid : null
    };
  }

  private fetching: Promise<string> | null = null;

  /** Stable access token, cached in the database so every instance shares one. */
  async accessToken(): Promise<string> {
    if (this.memo && this.memo.expiresAt > clock.now().getTime()) return this.memo.token;
    // Concurrent callers (a sender starting 100 calls at once) share one lookup.
    this.fetching ??= this.loadToken().finally(() => (this.fetching = null));
    return this.fetching;
  }

  private async loadToken(): Promise<string> {
    const cached = await AccessToken.findById(this.settings.appid).lean();
    if (cached && cached.expiresAt.getTime() > clock.now().getTime()) {
      this.memo = { token: cached.token, expiresAt: cached.expiresAt.getTime() };
      return cached.token;
    }
    const res = await this.call('stable_token', '/cgi-bin/stable_token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credential',
        appid: this.settings.appid,
        secret: this.settings.secret
      })
    });
    const body = await this.json('stable_token', res);
    const token = String(body.access_token);
    const expiresAt = new Date(
      clock.now().getTime() + Number(body.expires_in ?? 7200) * 1000 - TOKEN_MARGIN_MS
    );
    try {
      await AccessToken.updateOne(
        { _id: this.settings.appid },
        { $set: { token, expiresAt } },
        { upsert: true }
      );
    } catch (err) {
      // Another instance stored one at the same moment (FerretDB's upsert is not atomic);
      // stable_token gives every caller the same token, so ours is as good.
      if (!isDuplicateKeyError(err)) throw err;
    }
    this.memo = { token, expiresAt: expiresAt.getTime() };
    return token;
  }

  /** POSTs JSON to an access-token API; refetches the token once when WeChat says it expired. */
  private async postWithToken(api: string, path: string, payload: unknown): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken();
      const res = await this.call(api, `${path}?access_token=${encodeURIComponent(token)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload)
      });
      if (!(res.headers.get('content-type') ?? '').includes('json')) return res;
      const text = await res.text();
      const body = JSON.parse(text || '{}') as WechatJson;
      if (body.errcode && TOKEN_EXPIRED_CODES.has(body.errcode) && attempt === 0) {
        this.memo = null;
        await AccessToken.deleteOne({ _id: this.settings.appid, token });
        continue;
      }
      return new Response(text, { status: res.status, headers: res.headers });
    }
  }

  async phoneNumber(code: string): Promise<string> {
    const res = await this.postWithToken('getuserphonenumber', '/wxa/business/getuserphonenumber', { code });
    const body = await this.json('getuserphonenumber', res);
    const info = body.phone_info as { purePhoneNumber?: string; countryCode?: string } | undefined;
    if (!info?.purePhoneNumber)
      throw new WechatError('getuserphonenumber', null, 'answer without phone_info');
    return info.purePhoneNumber;
  }

  /** Unlimited mini-program code (the binding QR). Returns PNG bytes. */
  async unlimitedQrCode(req: QrCodeRequest): Promise<Buffer> {
    const res = await this.postWithToken('getwxacodeunlimit', '/wxa/getwxacodeunlimit', {
      scene: req.scene,
      page: req.page,
      check_path: req.checkPath,
      env_version: req.envVersion,
      width: req.width ?? 430
    });
    if ((res.headers.get('content-type') ?? '').includes('json')) {
      await this.json('getwxacodeunlimit', res);
      throw new WechatError('getwxacodeunlimit', null, 'JSON answer without errcode');
    }
    return Buffer.from(await res.arrayBuffer());
  }

  /**
   * subscribeMessage.send. Never throws for WeChat's answers: the caller decides per errcode
   * (retry, fall back to the inbox, record). `transport` tells a refused call (5xx) from
   * one whose outcome is unknown (timeout, dropped connection).
   */
  async sendSubscribeMessage(msg: SubscribeMessage): Promise<SendOutcome> {
    try {
      const res = await this.postWithToken('subscribe_send', '/cgi-bin/message/subscribe/send', {
        touser: msg.touser,
        template_id: msg.templateId,
        ...(msg.page ? { page: msg.page } : {}),
        data: msg.data,
        miniprogram_state: msg.miniprogramState ?? 'formal',
        lang: 'zh_CN'
      });
      const body = await this.json('subscribe_send', res);
      return { ok: true, msgid: String(body.msgid ?? '') };
    } catch (err) {
      if (!(err instanceof WechatError)) throw err;
      return { ok: false, errcode: err.errcode, errmsg: err.message, transport: err.transport };
    }
  }
}

export interface SubscribeMessage {
  touser: string;
  templateId: string;
  page?: string | null;
  data: Record<string, { value: string }>;
  miniprogramState?: 'developer' | 'trial' | 'formal';
}

export type SendOutcome =
  | { ok: true; msgid: string }
  | { ok: false; errcode: number | null; errmsg: string; transport: WechatError['transport'] };
