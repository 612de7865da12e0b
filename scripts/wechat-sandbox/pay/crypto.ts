/**
 * WeChat Pay API v3 cryptography with node `crypto` only (the server uses
 * wechatpay-node-v3, so the two sides check each other): RSA-SHA256 signatures over
 * newline-terminated lines, the merchant's `Authorization` header, and AES-256-GCM
 * resources keyed by the APIv3 key.
 */
import { createCipheriv, createSign, createVerify, randomBytes, randomInt } from 'node:crypto';

export const AUTH_SCHEME = 'WECHATPAY2-SHA256-RSA2048';
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** The string WeChat signs: each part followed by `\n`. */
export function signedLines(...parts: string[]): string {
  return parts.map((p) => `${p}\n`).join('');
}

export function rsaSign(privateKeyPem: string, message: string): string {
  return createSign('RSA-SHA256').update(message).sign(privateKeyPem, 'base64');
}

export function rsaVerify(publicKeyOrCertPem: string, message: string, signature: string): boolean {
  try {
    return createVerify('RSA-SHA256').update(message).verify(publicKeyOrCertPem, signature, 'base64');
  } catch {
    return false;
  }
}

export function randomAlphanumeric(length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return out;
}

/** 32 upper-case hex characters, like WeChat's `Wechatpay-Nonce`. */
export function newNonce(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}

export interface EncryptedResource {
  algorithm: 'AEAD_AES_256_GCM';
  ciphertext: string;
  associated_data: string;
  nonce: string;
}

/** AES-256-GCM with the APIv3 key; 12-character nonce as IV; ciphertext base64 with the tag appended. */
export function encryptResource(
  apiV3Key: string,
  plaintext: string,
  associatedData: string
): EncryptedResource {
  const nonce = randomAlphanumeric(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const encrypted = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return {
    algorithm: 'AEAD_AES_256_GCM',
    ciphertext: encrypted.toString('base64'),
    associated_data: associatedData,
    nonce
  };
}

export interface MerchantAuthorization {
  mchid: string;
  nonceStr: string;
  timestamp: string;
  serialNo: string;
  signature: string;
}

const AUTH_FIELDS = {
  mchid: 'mchid',
  nonce_str: 'nonceStr',
  timestamp: 'timestamp',
  serial_no: 'serialNo',
  signature: 'signature'
} as const;

/** Parses `WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",…`; undefined when malformed. */
export function parseAuthorization(header: string | undefined): MerchantAuthorization | undefined {
  if (!header?.startsWith(`${AUTH_SCHEME} `)) return undefined;
  const found: Partial<MerchantAuthorization> = {};
  const pair = /\s*([a-z_]+)="([^"]*)"\s*(?:,|$)/gy;
  const rest = header.slice(AUTH_SCHEME.length + 1);
  let consumed = 0;
  for (let match = pair.exec(rest); match; match = pair.exec(rest)) {
    const field = AUTH_FIELDS[match[1] as keyof typeof AUTH_FIELDS];
    if (field) found[field] = match[2];
    consumed = pair.lastIndex;
  }
  if (consumed !== rest.length) return undefined;
  const { mchid, nonceStr, timestamp, serialNo, signature } = found;
  if (!mchid || !nonceStr || !timestamp || !serialNo || !signature) return undefined;
  return { mchid, nonceStr, timestamp, serialNo, signature };
}

/** RFC 3339 in China time, as WeChat writes times: `2026-12-05T21:04:05+08:00`. */
export function chinaTime(ms: number): string {
  return `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}
