/**
 * Field rules of the JSAPI order and refund bodies, as WeChat applies them. Each failure
 * throws the PARAM_ERROR answer naming the field.
 */
import { fail, paramError } from './errors';

export type Json = Record<string, unknown>;

export const OUT_TRADE_NO = /^[0-9A-Za-z_\-|*]{6,32}$/;
export const OUT_REFUND_NO = /^[0-9A-Za-z_\-|*@]{1,64}$/;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isJson(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function requiredString(body: Json, field: string, pointer = `/${field}`): string {
  const v = body[field];
  if (v === undefined || v === null) fail(paramError(pointer, '缺少必填参数'));
  if (typeof v !== 'string' || v === '') fail(paramError(pointer, '应为非空字符串', v));
  return v;
}

export function optionalString(body: Json, field: string, pointer = `/${field}`): string | undefined {
  if (body[field] === undefined || body[field] === null) return undefined;
  return requiredString(body, field, pointer);
}

export function maxBytes(value: string, max: number, pointer: string): string {
  if (Buffer.byteLength(value, 'utf8') > max) fail(paramError(pointer, `长度不能超过${max}字节`, value));
  return value;
}

export function matching(value: string, pattern: RegExp, pointer: string, rule: string): string {
  if (!pattern.test(value)) fail(paramError(pointer, rule, value));
  return value;
}

export function positiveFen(body: Json, field: string, pointer: string): number {
  const v = body[field];
  if (v === undefined || v === null) fail(paramError(pointer, '缺少必填参数'));
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0 || v > 100_000_000_00)
    fail(paramError(pointer, '应为大于0的整数（单位：分）', v));
  return v;
}

export function currency(body: Json, pointer: string, required: boolean): void {
  const v = body.currency;
  if (v === undefined && !required) return;
  if (v !== 'CNY') fail(paramError(pointer, '币种只支持CNY', v));
}

export function objectField(body: Json, field: string): Json {
  const v = body[field];
  if (v === undefined || v === null) fail(paramError(`/${field}`, '缺少必填参数'));
  if (!isJson(v)) fail(paramError(`/${field}`, '应为对象', v));
  return v;
}

/** https (any host) or, in the sandbox only, http on localhost; no query; at most 255 characters. */
export function notifyUrl(value: string, pointer: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fail(paramError(pointer, '应为https地址', value));
  }
  const allowed = url.protocol === 'https:' || (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname));
  if (!allowed) fail(paramError(pointer, '应为https地址（沙箱另接受http://localhost）', value));
  if (url.search !== '' || value.includes('?')) fail(paramError(pointer, '不能携带参数', value));
  if (value.length > 255) fail(paramError(pointer, '长度不能超过255', value));
  return value;
}

/** RFC 3339 with an offset, e.g. `2026-12-05T21:30:00+08:00`; epoch ms. */
export function rfc3339(value: string, pointer: string): number {
  const pattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
  const ms = Date.parse(value);
  if (!pattern.test(value) || Number.isNaN(ms)) fail(paramError(pointer, '应为rfc3339格式时间', value));
  return ms;
}
