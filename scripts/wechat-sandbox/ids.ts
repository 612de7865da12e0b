import { randomBytes } from 'node:crypto';

/** 28 characters starting with `o`, like a real openid / unionid. */
export function newOpenid(): string {
  return `o${randomBytes(21).toString('base64url').slice(0, 27)}`;
}

/** 32 characters, like a `wx.login()` code. */
export function newLoginCode(): string {
  return randomBytes(24).toString('base64url');
}

/** 64 hex characters, like a getPhoneNumber code. */
export function newPhoneCode(): string {
  return randomBytes(32).toString('hex');
}

/** 24 characters of base64 (16 bytes), like a session_key. */
export function newSessionKey(): string {
  return randomBytes(16).toString('base64');
}

/** An opaque access_token (real ones are up to 512 characters). */
export function newAccessToken(): string {
  return `sbx_${randomBytes(96).toString('base64url')}`;
}
