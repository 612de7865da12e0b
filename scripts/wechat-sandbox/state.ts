/**
 * Everything the sandbox remembers, and the in-process control operations (the same ones
 * the `/__sandbox/*` endpoints expose). The protocol endpoints use the methods marked
 * "protocol side". The parts live in `state/`: users and codes, access tokens, subscribe
 * messages, scripted faults, the call log; this class is their one front door.
 */
import { SandboxControlError } from './errors';
import { PayState } from './pay/state';
import { AccessTokenStore } from './state/access-tokens';
import { CallLog } from './state/call-log';
import {
  validatePages,
  validateRate,
  validateTemplates,
  type SandboxConfig,
  type SandboxConfigPatch
} from './state/config';
import { FaultQueue } from './state/faults';
import { IdentityStore, type PhoneInfo } from './state/identities';
import { SubscribeMessageStore } from './state/subscribe-messages';
import type {
  ActiveFault,
  CallRecord,
  FaultSpec,
  RecordedMessage,
  SandboxOptions,
  SandboxUser,
  UserInit,
  WechatError
} from './types';

export { CODE_TTL_MS, LOGIN_LIMIT_PER_MINUTE, type PhoneInfo } from './state/identities';
export {
  FORCE_REFRESH_GAP_MS,
  FORCE_REFRESH_PER_DAY,
  TOKEN_EARLY_REFRESH_S,
  TOKEN_TTL_S
} from './state/access-tokens';
export type { SandboxConfig, SandboxConfigPatch } from './state/config';

export class SandboxState {
  readonly appid: string;
  readonly secret: string;
  readonly qrPayloadBase: string;
  /** The WeChat Pay side, when the sandbox was started with `pay`. */
  readonly pay?: PayState;
  private readonly options: SandboxOptions;

  private templateTable = new Map<string, string[]>();
  private pageList: string[] | undefined;
  private rate: number | undefined;
  private clockOffset = 0;

  private readonly identities = new IdentityStore(() => this.now());
  private readonly tokens = new AccessTokenStore(() => this.now());
  private readonly subscribe = new SubscribeMessageStore(() => this.now());
  private readonly faultQueue = new FaultQueue();
  private readonly callLog: CallLog;

  constructor(options: SandboxOptions) {
    if (!options.appid || !options.secret) throw new SandboxControlError('appid and secret are required');
    this.options = options;
    this.appid = options.appid;
    this.secret = options.secret;
    this.qrPayloadBase = options.qrPayloadBase ?? `wxacode://${options.appid}/`;
    this.callLog = new CallLog(options.maxCallLog ?? 50_000);
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
      this.subscribe.resetRateWindow();
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
    return this.identities.createUser(init);
  }

  user(openid: string): SandboxUser | undefined {
    return this.identities.user(openid);
  }

  listUsers(): SandboxUser[] {
    return this.identities.listUsers();
  }

  /** What `wx.login()` gives the client: a fresh single-use code for the user (created when needed). */
  mintLoginCode(init: UserInit = {}): { code: string; openid: string } {
    return this.identities.mintLoginCode(init);
  }

  /** What a getPhoneNumber button gives the client: a single-use code for that number. */
  mintPhoneCode(opts: { phoneNumber: string; countryCode?: string; openid?: string }): { code: string } {
    return this.identities.mintPhoneCode(opts);
  }

  /** Protocol side: jscode2session's use of a login code. */
  redeemLoginCode(code: string): SandboxUser | WechatError {
    return this.identities.redeemLoginCode(code);
  }

  /** Protocol side: getuserphonenumber's use of a phone code. */
  redeemPhoneCode(code: string): PhoneInfo | WechatError {
    return this.identities.redeemPhoneCode(code);
  }

  // ---------------------------------------------------------------- access tokens

  /** Protocol side: stable_token. */
  stableToken(forceRefresh: boolean): { access_token: string; expires_in: number } | WechatError {
    return this.tokens.stableToken(forceRefresh);
  }

  /** Protocol side: undefined when the token may be used, else 41001 / 40001 / 42001. */
  checkAccessToken(token: string | undefined): WechatError | undefined {
    return this.tokens.check(token);
  }

  /** Makes every issued token unknown (calls then get 40001), as after a force_refresh elsewhere. */
  revokeAccessTokens(): void {
    this.tokens.revokeAll();
  }

  // ---------------------------------------------------------------- subscriptions and messages

  /** What an `accept` in requestSubscribeMessage does: +count quota per template (user created when unknown). */
  grantSubscription(openid: string, templateIds: string[], count = 1): Record<string, number> {
    this.subscribe.validateGrant(openid, templateIds, count, (id) => this.templateTable.has(id));
    if (!this.identities.has(openid)) this.createUser({ openid });
    return this.subscribe.grant(openid, templateIds, count);
  }

  quota(openid: string, templateId: string): number {
    return this.subscribe.quota(openid, templateId);
  }

  quotas(openid: string): Record<string, number> {
    return this.subscribe.quotas(openid);
  }

  /** Protocol side: spends one quota; false when none is left. */
  spendQuota(openid: string, templateId: string): boolean {
    return this.subscribe.spendQuota(openid, templateId);
  }

  /** Protocol side: true when one more subscribe/send fits in the per-second limit. */
  admitSend(): boolean {
    return this.subscribe.admitSend(this.rate);
  }

  /** Protocol side. */
  recordMessage(msg: Omit<RecordedMessage, 'msgid' | 'sentAt'>): RecordedMessage {
    return this.subscribe.record(msg);
  }

  messages(filter: { touser?: string; template_id?: string } = {}): RecordedMessage[] {
    return this.subscribe.messages(filter);
  }

  clearMessages(): void {
    this.subscribe.clearMessages();
  }

  // ---------------------------------------------------------------- call log

  /** Protocol side. */
  recordCall(call: Omit<CallRecord, 'seq'>): CallRecord {
    return this.callLog.record(call);
  }

  calls(filter: { path?: string } = {}): CallRecord[] {
    return this.callLog.list(filter);
  }

  clearCalls(): void {
    this.callLog.clear();
  }

  // ---------------------------------------------------------------- faults

  /** Scripts the answer of the next `times` calls to `path`; faults for one path apply in order. */
  addFault(spec: FaultSpec): ActiveFault {
    return this.faultQueue.add(spec);
  }

  faults(): ActiveFault[] {
    return this.faultQueue.list();
  }

  /** Removes all scripted faults, or those of one path. */
  clearFaults(path?: string): void {
    this.faultQueue.clear(path);
  }

  /** Protocol side: the fault answering this call, if any (counts the call against it). */
  takeFault(path: string): ActiveFault | undefined {
    return this.faultQueue.take(path);
  }

  // ---------------------------------------------------------------- reset

  /** Forgets users, codes, tokens, quotas, messages, calls, faults, clock changes and pay's trades; restores the start options. */
  reset(): void {
    this.pay?.reset();
    this.clockOffset = 0;
    this.identities.clear();
    this.tokens.clear();
    this.subscribe.clear();
    this.callLog.clear();
    this.faultQueue.clear();
    this.applyInitialConfig();
  }
}
