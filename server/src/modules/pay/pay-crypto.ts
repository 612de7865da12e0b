import {
  createDecipheriv,
  createPublicKey,
  createVerify,
  X509Certificate,
  type KeyObject
} from 'node:crypto';

/**
 * The two checks WeChat Pay API v3 asks of everything it sends us (notifications and answers),
 * done with node `crypto` where `wechatpay-node-v3` falls short (docs/pay.md, "Gaps filled"):
 * the RSA-SHA256 signature over the raw bytes, and AES-256-GCM decryption that checks the tag.
 */

/** `Wechatpay-Signature` of WeChat's signature probes: never a real message. */
export const PROBE_SIGNATURE_PREFIX = 'WECHATPAY/SIGNTEST/';
/** How far `Wechatpay-Timestamp` may be from our clock. */
export const SIGNATURE_WINDOW_MS = 5 * 60_000;

export interface SignedMessage {
  timestamp: string;
  nonce: string;
  signature: string;
  serial: string;
  /** The body exactly as received (never re-serialised). */
  body: string;
}

export type SignatureProblem = 'missing' | 'probe' | 'stale' | 'unknown_serial' | 'bad_signature';

export const SIGNATURE_PROBLEM_MESSAGES: Record<SignatureProblem, string> = {
  missing: '缺少微信支付签名头',
  probe: '签名探测请求，拒绝',
  stale: '时间戳超出 5 分钟',
  unknown_serial: '未知的平台证书序列号或公钥 ID',
  bad_signature: '签名验证失败'
};

/** Reads the four `Wechatpay-*` headers (node lower-cases header names). */
export function signedMessageOf(
  headers: Record<string, string | string[] | undefined>,
  body: string
): SignedMessage | null {
  const one = (name: string) => {
    const v = headers[name];
    return typeof v === 'string' && v.length > 0 && v.length <= 2048 ? v : null;
  };
  const timestamp = one('wechatpay-timestamp');
  const nonce = one('wechatpay-nonce');
  const signature = one('wechatpay-signature');
  const serial = one('wechatpay-serial');
  if (!timestamp || !nonce || !signature || !serial) return null;
  return { timestamp, nonce, signature, serial, body };
}

/**
 * Checks a signed message: not a probe, timestamp within the window, a key known for its serial,
 * then RSA-SHA256 of `timestamp\nnonce\nbody\n`. Null when it holds, else what is wrong.
 * `nowMs` is the real time (Date.now()): WeChat signs with its real clock, whatever day a job or
 * a test runs the business clock at.
 */
export async function signatureProblem(
  message: SignedMessage | null,
  keyFor: (serial: string) => Promise<KeyObject | null>,
  nowMs: number
): Promise<SignatureProblem | null> {
  if (!message) return 'missing';
  if (message.signature.startsWith(PROBE_SIGNATURE_PREFIX)) return 'probe';
  if (!/^\d{1,12}$/.test(message.timestamp)) return 'stale';
  if (Math.abs(nowMs - Number(message.timestamp) * 1000) > SIGNATURE_WINDOW_MS) return 'stale';
  const key = await keyFor(message.serial);
  if (!key) return 'unknown_serial';
  const verifier = createVerify('RSA-SHA256');
  verifier.update(`${message.timestamp}\n${message.nonce}\n${message.body}\n`);
  try {
    return verifier.verify(key, message.signature, 'base64') ? null : 'bad_signature';
  } catch {
    return 'bad_signature';
  }
}

export interface EncryptedResource {
  ciphertext: string;
  nonce: string;
  associated_data?: string;
}

/** The APIv3 key as an AES-256 key: exactly 32 bytes. */
export function apiV3KeyBytes(apiV3Key: string): Buffer {
  const key = Buffer.from(apiV3Key, 'utf8');
  if (key.length !== 32) throw new Error('the APIv3 key must be 32 bytes');
  return key;
}

/**
 * AES-256-GCM: ciphertext base64 with the 16-byte tag at its end, iv = nonce, aad =
 * associated_data. Throws when the tag does not match (tampered or another key).
 */
export function decryptResource(resource: EncryptedResource, key: Buffer): string {
  const data = Buffer.from(resource.ciphertext, 'base64');
  if (data.length < 17) throw new Error('ciphertext too short');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(resource.nonce, 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - 16));
  decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString(
    'utf8'
  );
}

/** The public key of a PEM certificate or of an SPKI PEM public key. */
export function publicKeyOf(pem: string): KeyObject {
  return pem.includes('BEGIN CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
}
