import { randomBytes } from 'node:crypto';
import type { WechatError } from './types';

/** Error messages WeChat uses for the codes the sandbox answers. */
export const ERRMSG: Record<number, string> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40013: 'invalid appid',
  40029: 'invalid code',
  40037: 'invalid template_id',
  40097: 'invalid args',
  40125: 'invalid appsecret',
  40163: 'code been used',
  40226: 'high risk user blocked',
  41001: 'access_token missing',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41008: 'missing code',
  41030: 'invalid page',
  42001: 'access_token expired',
  43001: 'require GET method',
  43002: 'require POST method',
  43101: 'user refuse to accept the msg',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit  mustslower  retry next minute',
  47001: 'data format error',
  47003: 'argument invalid!'
};

/** A request id in the style WeChat appends to errmsg. */
export function rid(): string {
  const h = randomBytes(12).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 16)}-${h.slice(16, 24)}`;
}

/** `{errcode, errmsg}` with WeChat's message for the code (or `message`), plus `, rid: …`. */
export function wxError(errcode: number, message?: string): WechatError {
  const text = message ?? ERRMSG[errcode] ?? 'error';
  return { errcode, errmsg: `${text}, rid: ${rid()}` };
}

/** Thrown by in-process control operations on bad input; control endpoints answer 400. */
export class SandboxControlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxControlError';
  }
}
