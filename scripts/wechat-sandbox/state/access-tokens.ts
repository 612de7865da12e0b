import { wxError } from '../errors';
import { newAccessToken } from '../ids';
import type { WechatError } from '../types';

/** Access tokens as `cgi-bin/stable_token` hands them out, with force_refresh's limits. */

export const TOKEN_TTL_S = 7200;
/** In normal mode a token with less than this left is replaced by a new one. */
export const TOKEN_EARLY_REFRESH_S = 300;
export const FORCE_REFRESH_PER_DAY = 20;
export const FORCE_REFRESH_GAP_MS = 30_000;

interface TokenEntry {
  token: string;
  issuedAt: number;
  expiresAt: number;
  revoked: boolean;
}

/** Calendar day in China time, for the daily force_refresh limit. */
function chinaDay(ms: number): number {
  return Math.floor((ms + 8 * 3_600_000) / 86_400_000);
}

export class AccessTokenStore {
  private tokens = new Map<string, TokenEntry>();
  private currentToken: TokenEntry | undefined;
  private forceRefreshes: number[] = [];

  constructor(private readonly now: () => number) {}

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

  check(token: string | undefined): WechatError | undefined {
    if (!token) return wxError(41001);
    const entry = this.tokens.get(token);
    if (!entry || entry.revoked) return wxError(40001);
    if (this.now() >= entry.expiresAt) return wxError(42001);
    return undefined;
  }

  revokeAll(): void {
    for (const t of this.tokens.values()) t.revoked = true;
    this.currentToken = undefined;
  }

  clear(): void {
    this.tokens.clear();
    this.currentToken = undefined;
    this.forceRefreshes = [];
  }
}
