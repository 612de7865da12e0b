import { SandboxControlError, wxError } from '../errors';
import { newLoginCode, newOpenid, newPhoneCode, newSessionKey } from '../ids';
import type { SandboxUser, UserInit, WechatError } from '../types';

/** WeChat users and the single-use codes a client gets for them (`wx.login`, getPhoneNumber). */

export const CODE_TTL_MS = 5 * 60_000;
export const LOGIN_LIMIT_PER_MINUTE = 100;

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

export interface PhoneInfo {
  phoneNumber: string;
  purePhoneNumber: string;
  countryCode: string;
}

export class IdentityStore {
  private users = new Map<string, SandboxUser>();
  private loginCodes = new Map<string, LoginCode>();
  private phoneCodes = new Map<string, PhoneCode>();
  private loginCalls = new Map<string, number[]>();

  constructor(private readonly now: () => number) {}

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

  has(openid: string): boolean {
    return this.users.has(openid);
  }

  user(openid: string): SandboxUser | undefined {
    const u = this.users.get(openid);
    return u ? { ...u } : undefined;
  }

  listUsers(): SandboxUser[] {
    return [...this.users.values()].map((u) => ({ ...u }));
  }

  mintLoginCode(init: UserInit = {}): { code: string; openid: string } {
    const user = this.createUser(init);
    const code = newLoginCode();
    this.loginCodes.set(code, { openid: user.openid, issuedAt: this.now(), used: false });
    return { code, openid: user.openid };
  }

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

  redeemPhoneCode(code: string): PhoneInfo | WechatError {
    const entry = this.phoneCodes.get(code);
    if (!entry || entry.used || this.now() - entry.issuedAt > CODE_TTL_MS) return wxError(40029);
    entry.used = true;
    const phoneNumber =
      entry.countryCode === '86' ? entry.purePhoneNumber : `+${entry.countryCode}${entry.purePhoneNumber}`;
    return { phoneNumber, purePhoneNumber: entry.purePhoneNumber, countryCode: entry.countryCode };
  }

  clear(): void {
    this.users.clear();
    this.loginCodes.clear();
    this.phoneCodes.clear();
    this.loginCalls.clear();
  }
}
