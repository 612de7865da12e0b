/** Identifiers shaped like WeChat Pay's. */
import { randomBytes, randomInt } from 'node:crypto';

function digits(count: number): string {
  let out = '';
  for (let i = 0; i < count; i += 1) out += String(randomInt(10));
  return out;
}

/** yyyyMMdd / yyyyMMddHHmmss in China time. */
function chinaStamp(ms: number, withTime: boolean): string {
  const iso = new Date(ms + 8 * 3_600_000).toISOString();
  const date = iso.slice(0, 10).replaceAll('-', '');
  return withTime ? date + iso.slice(11, 19).replaceAll(':', '') : date;
}

/** 28 digits, e.g. 4200002345202612051234567890. */
export function newTransactionId(now: number): string {
  return `4200${digits(6)}${chinaStamp(now, false)}${digits(10)}`;
}

/** 36 characters, e.g. wx20261205210405abcdef0123456789abcd. */
export function newPrepayId(now: number): string {
  return `wx${chinaStamp(now, true)}${randomBytes(10).toString('hex')}`;
}

/** 29 digits, e.g. 50300001234202612051234567890. */
export function newRefundId(now: number): string {
  return `503${digits(8)}${chinaStamp(now, false)}${digits(10)}`;
}

/** A notification id (`id` of the body). */
export function newNotificationId(): string {
  const h = randomBytes(16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
