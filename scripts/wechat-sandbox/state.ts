/**
 * Everything the sandbox remembers, and the in-process control operations (the same ones
 * the `/__sandbox/*` endpoints expose). The protocol endpoints use the methods marked
 * "protocol side".
 */
import { SandboxControlError, wxError } from './errors';
import { newAccessToken, newLoginCode, newOpenid, newPhoneCode, newSessionKey } from './ids';
import { keywordType } from './keywords';
import { PayState } from './pay/state';
import type {
  ActiveFault,
  CallRecord,
  FaultMode,
  FaultSpec,
  RecordedMessage,
  SandboxOptions,
  SandboxUser,
  UserInit,
  WechatError
} from './types';

export const CODE_TTL_MS = 5 * 60_000;
export const TOKEN_TTL_S = 7200;
/** In normal mode a token with less than this left is replaced by a new one. */
export const TOKEN_EARLY_REFRESH_S = 300;
export const FORCE_REFRESH_PER_DAY = 20;
export const FORCE_REFRESH_GAP_MS = 30_000;
export const LOGIN_LIMIT_PER_MINUTE = 100;

const FAULT_MODES: readonly FaultMode[] = ['errcode', 'http5xx', 'delay'];
const PHONE = /^\d{5,15}$/;
const COUNTRY = /^\d{1,4}$/;

interface CodeEntry {
  issuedAt: number;
  used: boolean;
}
interface LoginCode extends CodeEntry {
  openid: string;
}
interface PhoneCode extends CodeEntry {
  purePhoneNumber: string;
  countryCode: string;
}
interface TokenEntry {
  token: string;
  issuedAt: number;
  expiresAt: number;
  revoked: boolean;
}

export interface PhoneInfo {
  phoneNumber: string;
  purePhoneNumber: string;
  countryCode: string;
}

export interface SandboxConfigPatch {
  /** null removes the limit. */
  ratePerSecond?: number | null;
  /** null stops checking pages. */
  pages?: string[] | null;
  /** Replaces the template table. */
  templates?: Record<string, string[]>;
}

export interface SandboxConfig {
  appid: string;
  templates: Record<string, string[]>;
  pages?: string[];
  ratePerSecond?: number;
  qrPayloadBase: string;
}

function validateTemplates(templates: Record<string, string[]>): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [id, keywords] of Object.entries(templates)) {
    if (!Array.isArray(keywords) || keywords.length === 0) {
      throw new SandboxControlError(`template ${id}: give a non-empty list of keywords`);
    }
    for (const k of keywords) {
      if (typeof k !== 'string' || !keywordType(k)) {
        throw new SandboxControlError(`template ${id}: unknown keyword type in "${String(k)}"`);
      }
    }
    map.set(id, [...keywords]);
  }
  return map;
}

function validatePages(pages: string[]): string[] {
  if (!Array.isArray(pages) || pages.some((p) => typeof p !== 'string' || p === '' || p.startsWith('/'))) {
    throw new SandboxControlError('pages: give paths like "pages/index/index" (no leading slash)');
  }
  return [...pages];
}

function validateRate(rate: number): number {
  if (!Number.isFinite(rate) || rate <= 0)
    throw new SandboxControlError('ratePerSecond must be a positive number');
  return rate;
}

/** Calendar day in China time, for the daily force_refresh limit. */
function chinaDay(ms: number): number {
  return Math.floor((ms + 8 * 3_600_000) / 86_400_000);
}

export class SandboxState {
  readonly appid: string;
  readonly secret: string;
  readonly qrPayloadBase: string;
  /** The WeChat Pay side, when the sandbox was started with `pay`. */
  readonly pay?: PayState;
  private readonly options: SandboxOptions;
  private readonly maxCallLog: number;

  private templateTable = new Map<string, string[]>();
  private pageList: string[] | undefined;
  private rate: number | undefined;

  private clockOffset = 0;
  private users = new Map<string, SandboxUser>();
  private loginCodes = new Map<string, LoginCode>();
  private phoneCodes = new Map<string, PhoneCode>();
  private tokens = new Map<string, TokenEntry>();
  private currentToken: TokenEntry | undefined;
  private forceRefreshes: number[] = [];
  private loginCalls = new Map<string, number[]>();
  private sendTimes: number[] = [];
  private quotaTable = new Map<string, number>();
  private recorded: RecordedMessage[] = [];
  private callLog: CallRecord[] = [];
  private faultQueue: ActiveFault[] = [];
  private nextMsgid = 2_000_000_000;
  private nextFaultId = 1;
  private nextCallSeq = 1;

  constructor(options: SandboxOptions) {
    if (!options.appid || !options.secret) throw new SandboxControlError('appid and secret are required');
    this.options = options;
    this.appid = options.appid;
    this.secret = options.secret;
    this.qrPayloadBase = options.qrPayloadBase ?? `wxacode://${options.appid}/`;
    this.maxCallLog = options.maxCallLog ?? 50_000;
    this.applyInitialConfig();
    if (options.pay) this.pay = new PayState(options.pay, () => this.now());
  }

  private applyInitialConfig(): void {
    this.templateTable = validateTemplates(this.options.templates ?? {});
    this.pageList = this.options.pages ? validatePages(this.options.pages) : undefined;
    this.rate =
      this.options.ratePerSecond === undefined ? undefined : validateRate(this.options.ratePerSecond);
  }

  // ---------------------------------------------------------------- clock and config

  /** The sandbox clock (epoch ms): real time plus whatever advanceClock added. */
  now(): number {
    return Date.now() + this.clockOffset;
  }

  /** Moves the sandbox clock forward (expire codes and tokens without waiting). */
  advanceClock(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new SandboxControlError('advanceClock: give a non-negative number of ms');
    this.clockOffset += ms;
  }

  config(): SandboxConfig {
    return {
      appid: this.appid,
      templates: Object.fromEntries([...this.templateTable].map(([k, v]) => [k, [...v]])),
      pages: this.pageList ? [...this.pageList] : undefined,
      ratePerSecond: this.rate,
      qrPayloadBase: this.qrPayloadBase
    };
  }

  configure(patch: SandboxConfigPatch): SandboxConfig {
    if (patch.templates !== undefined) this.templateTable = validateTemplates(patch.templates);
    if (patch.pages !== undefined)
      this.pageList = patch.pages === null ? undefined : validatePages(patch.pages);
    if (patch.ratePerSecond !== undefined) {
      this.rate = patch.ratePerSecond === null ? undefined : validateRate(patch.ratePerSecond);
      this.sendTimes = [];
    }
    return this.config();
  }

  /** Sets or (undefined) removes the subscribe/send limit per second. */
  setRatePerSecond(rate: number | undefined): void {
    this.configure({ ratePerSecond: rate ?? null });
  }

  templateKeywords(templateId: string): string[] | undefined {
    return this.templateTable.get(templateId);
  }

  pages(): string[] | undefined {
    return this.pageList;
  }

  homePage(): string {
    return this.pageList?.[0] ?? 'pages/index/index';
  }

  // ---------------------------------------------------------------- users and codes

  /** Creates a user (fresh openid unless given) or updates the given fields of an existing one. */
  createUser(init: UserInit = {}): SandboxUser {
    if (init.openid !== undefined && (typeof init.openid !== 'string' || init.openid === '')) {
      throw new SandboxControlError('openid must be a non-empty string');
    }
    const openid = init.openid ?? newOpenid();
    const user = this.users.get(openid) ?? { openid, highRisk: false };
    if (init.unionid !== undefined) user.unionid = init.unionid;
    if (init.phoneNumber !== undefined) user.phoneNumber = init.phoneNumber;
    if (init.highRisk !== undefined) user.highRisk = init.highRisk;
    this.users.set(openid, user);
    return { ...user };
  }

  user(openid: string): SandboxUser | undefined {
    const u = this.users.get(openid);
    return u ? { ...u } : undefined;
  }

  listUsers(): SandboxUser[] {
    return [...this.users.values()].map((u) => ({ ...u }));
  }

  /** What `wx.login()` gives the client: a fresh single-use code for the user (created when needed). */
  mintLoginCode(init: UserInit = {}): { code: string; openid: string } {
    const user = this.createUser(init);
    const code = newLoginCode();
    this.loginCodes.set(code, { openid: user.openid, issuedAt: this.now(), used: false });
    return { code, openid: user.openid };
  }

  /** What a getPhoneNumber button gives the client: a single-use code for that number. */
  mintPhoneCode(opts: { phoneNumber: string; countryCode?: string; openid?: string }): { code: string } {
    const countryCode = opts.countryCode ?? '86';
    const pure = String(opts.phoneNumber ?? '').replace(/^\+?86(?=1\d{10}$)/, '');
    if (!PHONE.test(pure)) throw new SandboxControlError('phoneNumber: give 5-15 digits, e.g. 13800138000');
    if (!COUNTRY.test(countryCode)) throw new SandboxControlError('countryCode: give 1-4 digits, e.g. 86');
    if (opts.openid !== undefined) this.createUser({ openid: opts.openid, phoneNumber: pure });
    const code = newPhoneCode();
    this.phoneCodes.set(code, { purePhoneNumber: pure, countryCode, issuedAt: this.now(), used: false });
    return { code };
  }

  /** Protocol side: jscode2session's use of a login code. */
  redeemLoginCode(code: string): SandboxUser | WechatError {
    const entry = this.loginCodes.get(code);
    const now = this.now();
    if (!entry) return wxError(40029);
    if (entry.used) return wxError(40163);
    if (now - entry.issuedAt > CODE_TTL_MS) return wxError(40029);
    const recent = (this.loginCalls.get(entry.openid) ?? []).filter((t) => now - t < 60_000);
    if (recent.length >= LOGIN_LIMIT_PER_MINUTE) {
      this.loginCalls.set(entry.openid, recent);
      return wxError(45011);
    }
    recent.push(now);
    this.loginCalls.set(entry.openid, recent);
    entry.used = true;
    const user = this.users.get(entry.openid);
    if (!user) return wxError(40029);
    if (user.highRisk) return wxError(40226);
    user.sessionKey = newSessionKey();
    return { ...user };
  }

  /** Protocol side: getuserphonenumber's use of a phone code. */
  redeemPhoneCode(code: string): PhoneInfo | WechatError {
    const entry = this.phoneCodes.get(code);
    if (!entry || entry.used || this.now() - entry.issuedAt > CODE_TTL_MS) return wxError(40029);
    entry.used = true;
    const phoneNumber =
      entry.countryCode === '86' ? entry.purePhoneNumber : `+${entry.countryCode}${entry.purePhoneNumber}`;
    return { phoneNumber, purePhoneNumber: entry.purePhoneNumber, countryCode: entry.countryCode };
  }

  // ---------------------------------------------------------------- access tokens

  /** Protocol side: stable_token. */
  stableToken(forceRefresh: boolean): { access_token: string; expires_in: number } | WechatError {
    const now = this.now();
    const cur = this.currentToken;
    if (forceRefresh) {
      const today = chinaDay(now);
      this.forceRefreshes = this.forceRefreshes.filter((t) => chinaDay(t) === today);
      const last = this.forceRefreshes[this.forceRefreshes.length - 1];
      if (last !== undefined && now - last < FORCE_REFRESH_GAP_MS) {
        return wxError(45009, 'api freq out of limit, force_refresh needs 30s between calls');
      }
      if (this.forceRefreshes.length >= FORCE_REFRESH_PER_DAY) {
        return wxError(45009, 'reach max api daily quota limit, force_refresh is limited to 20 a day');
      }
      this.forceRefreshes.push(now);
      if (cur) cur.revoked = true; // force refresh invalidates the previous token at once
    } else if (cur && !cur.revoked && cur.expiresAt - now > TOKEN_EARLY_REFRESH_S * 1000) {
      return { access_token: cur.token, expires_in: Math.floor((cur.expiresAt - now) / 1000) };
    }
    // Normal mode near expiry: a new token; the old one stays valid until it expires.
    const entry: TokenEntry = {
      token: newAccessToken(),
      issuedAt: now,
      expiresAt: now + TOKEN_TTL_S * 1000,
      revoked: false
    };
    this.tokens.set(entry.token, entry);
    this.currentToken = entry;
    return { access_token: entry.token, expires_in: TOKEN_TTL_S };
  }

  /** Protocol side: undefined when the token may be used, else 41001 / 40001 / 42001. */
  checkAccessToken(token: string | undefined): WechatError | undefined {
    if (!token) return wxError(41001);
    const entry = this.tokens.get(token);
    if (!entry || entry.revoked) return wxError(40001);
    if (this.now() >= entry.expiresAt) return wxError(42001);
    return undefined;
  }

  /** Makes every issued token unknown (calls then get 40001), as after a force_refresh elsewhere. */
  revokeAccessTokens(): void {
    for (const t of this.tokens.values()) t.revoked = true;
    this.currentToken = undefined;
  }

  // ---------------------------------------------------------------- subscriptions and messages

  /** What an `accept` in requestSubscribeMessage does: +count quota per template (user created when unknown). */
  grantSubscription(openid: string, templateIds: string[], count = 1): Record<string, number> {
    if (typeof openid !== 'string' || openid === '') throw new SandboxControlError('openid is required');
    if (!Array.isArray(templateIds) || templateIds.length === 0)
      throw new SandboxControlError('templateIds: give at least one');
    if (!Number.isInteger(count) || count < 1)
      throw new SandboxControlError('count must be a positive integer');
    for (const id of templateIds) {
      if (!this.templateTable.has(id)) throw new SandboxControlError(`unknown template ${id}`);
    }
    if (!this.users.has(openid)) this.createUser({ openid });
    const out: Record<string, number> = {};
    for (const id of templateIds) {
      const key = `${openid}\u0000${id}`;
      const n = (this.quotaTable.get(key) ?? 0) + count;
      this.quotaTable.set(key, n);
      out[id] = n;
    }
    return out;
  }

  quota(openid: string, templateId: string): number {
    return this.quotaTable.get(`${openid}\u0000${templateId}`) ?? 0;
  }

  quotas(openid: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [key, n] of this.quotaTable) {
      const [o, t] = key.split('\u0000');
      if (o === openid) out[t] = n;
    }
    return out;
  }

  /** Protocol side: spends one quota; false when none is left. */
  spendQuota(openid: string, templateId: string): boolean {
    const key = `${openid}\u0000${templateId}`;
    const n = this.quotaTable.get(key) ?? 0;
    if (n <= 0) return false;
    this.quotaTable.set(key, n - 1);
    return true;
  }

  /** Protocol side: true when one more subscribe/send fits in the per-second limit. */
  admitSend(): boolean {
    if (this.rate === undefined) return true;
    const now = this.now();
    let drop = 0;
    while (drop < this.sendTimes.length && now - this.sendTimes[drop] >= 1000) drop++;
    if (drop > 0) this.sendTimes.splice(0, drop);
    if (this.sendTimes.length >= this.rate) return false;
    this.sendTimes.push(now);
    return true;
  }

  /** Protocol side. */
  recordMessage(msg: Omit<RecordedMessage, 'msgid' | 'sentAt'>): RecordedMessage {
    const rec: RecordedMessage = { ...msg, msgid: this.nextMsgid++, sentAt: this.now() };
    this.recorded.push(rec);
    return rec;
  }

  messages(filter: { touser?: string; template_id?: string } = {}): RecordedMessage[] {
    return this.recorded
      .filter(
        (m) =>
          (filter.touser === undefined || m.touser === filter.touser) &&
          (filter.template_id === undefined || m.template_id === filter.template_id)
      )
      .map((m) => structuredClone(m));
  }

  clearMessages(): void {
    this.recorded = [];
  }

  // ---------------------------------------------------------------- call log

  /** Protocol side. */
  recordCall(call: Omit<CallRecord, 'seq'>): CallRecord {
    const rec: CallRecord = { ...call, seq: this.nextCallSeq++ };
    this.callLog.push(rec);
    if (this.callLog.length > this.maxCallLog) this.callLog.splice(0, this.callLog.length - this.maxCallLog);
    return rec;
  }

  calls(filter: { path?: string } = {}): CallRecord[] {
    return this.callLog
      .filter((c) => filter.path === undefined || c.path === filter.path)
      .map((c) => structuredClone(c));
  }

  clearCalls(): void {
    this.callLog = [];
  }

  // ---------------------------------------------------------------- faults

  /** Scripts the answer of the next `times` calls to `path`; faults for one path apply in order. */
  addFault(spec: FaultSpec): ActiveFault {
    if (typeof spec.path !== 'string' || !spec.path.startsWith('/') || spec.path.includes('?')) {
      throw new SandboxControlError('fault path: give a protocol path such as /sns/jscode2session');
    }
    if (!FAULT_MODES.includes(spec.mode))
      throw new SandboxControlError('fault mode: errcode, http5xx or delay');
    const times = spec.times ?? 1;
    if (!Number.isInteger(times) || times < 1)
      throw new SandboxControlError('fault times must be a positive integer');
    const status = spec.status ?? 500;
    if (!Number.isInteger(status) || status < 500 || status > 599)
      throw new SandboxControlError('fault status must be 500-599');
    const errcode = spec.errcode ?? -1;
    if (!Number.isInteger(errcode)) throw new SandboxControlError('fault errcode must be an integer');
    const delayMs = spec.delayMs ?? 10_000;
    if (!Number.isFinite(delayMs) || delayMs < 0) throw new SandboxControlError('fault delayMs must be >= 0');
    const fault: ActiveFault = {
      id: this.nextFaultId++,
      path: spec.path,
      mode: spec.mode,
      errcode,
      errmsg: spec.errmsg,
      status,
      delayMs,
      times,
      remaining: times
    };
    this.faultQueue.push(fault);
    return { ...fault };
  }

  faults(): ActiveFault[] {
    return this.faultQueue.map((f) => ({ ...f }));
  }

  /** Removes all scripted faults, or those of one path. */
  clearFaults(path?: string): void {
    this.faultQueue = path === undefined ? [] : this.faultQueue.filter((f) => f.path !== path);
  }

  /** Protocol side: the fault answering this call, if any (counts the call against it). */
  takeFault(path: string): ActiveFault | undefined {
    const i = this.faultQueue.findIndex((f) => f.path === path);
    if (i < 0) return undefined;
    const f = this.faultQueue[i];
    f.remaining -= 1;
    if (f.remaining <= 0) this.faultQueue.splice(i, 1);
    return { ...f };
  }

  // ---------------------------------------------------------------- reset

  /** Forgets users, codes, tokens, quotas, messages, calls, faults, clock changes and pay's trades; restores the start options. */
  reset(): void {
    this.pay?.reset();
    this.clockOffset = 0;
    this.users.clear();
    this.loginCodes.clear();
    this.phoneCodes.clear();
    this.tokens.clear();
    this.currentToken = undefined;
    this.forceRefreshes = [];
    this.loginCalls.clear();
    this.sendTimes = [];
    this.quotaTable.clear();
    this.recorded = [];
    this.callLog = [];
    this.faultQueue = [];
    this.applyInitialConfig();
  }
}
