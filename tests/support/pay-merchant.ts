/**
 * The merchant's side of WeChat Pay API v3, written independently with node `crypto` for
 * the sandbox tests: sign requests, verify answers and notifications, decrypt resources,
 * and a notify_url that records what arrives.
 */
import { createDecipheriv, createSign, createVerify, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PayKeys } from '../../scripts/pay-keys';

export interface SignOverrides {
  timestamp?: number;
  serial?: string;
  mchid?: string;
  /** Sign with this key instead of the merchant's. */
  privateKeyPem?: string;
  /** Send this body but sign `signedBody`. */
  signedBody?: string;
  /** Send no Authorization header at all. */
  omit?: boolean;
}

export interface PayResponse {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

function lines(...parts: string[]): string {
  return parts.map((p) => `${p}\n`).join('');
}

export function authorization(
  keys: PayKeys,
  method: string,
  target: string,
  body: string,
  o: SignOverrides = {}
): string {
  const timestamp = String(o.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString('hex');
  const signature = createSign('RSA-SHA256')
    .update(lines(method, target, timestamp, nonce, o.signedBody ?? body))
    .sign(o.privateKeyPem ?? keys.merchantPrivateKeyPem, 'base64');
  const serial = o.serial ?? keys.merchantSerial;
  return `WECHATPAY2-SHA256-RSA2048 mchid="${o.mchid ?? keys.mchid}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${serial}"`;
}

/** Calls the sandbox as a merchant would. `body` objects are sent as JSON. */
export async function payCall(
  base: string,
  keys: PayKeys,
  method: 'GET' | 'POST',
  target: string,
  body?: unknown,
  o: SignOverrides = {}
): Promise<PayResponse> {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json' };
  if (!o.omit) headers.authorization = authorization(keys, method, target, text, o);
  const res = await fetch(`${base}${target}`, {
    method,
    headers,
    ...(method === 'POST' ? { body: text } : {})
  });
  const answer = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    text: answer,
    json: answer === '' ? {} : (JSON.parse(answer) as Record<string, unknown>)
  };
}

/** The public key a merchant trusts for a `Wechatpay-Serial`, or undefined for an unknown serial. */
export function platformKeyFor(keys: PayKeys, serial: string | null | undefined): string | undefined {
  if (serial === keys.platformSerial) return keys.platformCertPem;
  if (serial === keys.publicKeyId) return keys.platformPublicKeyPem;
  return undefined;
}

/** Verifies `Wechatpay-Signature` over `timestamp\nnonce\nbody\n` against the key the serial names. */
export function verifyWechatpaySignature(
  keys: PayKeys,
  get: (name: string) => string | null | undefined,
  body: string
): boolean {
  const key = platformKeyFor(keys, get('wechatpay-serial'));
  const signature = get('wechatpay-signature');
  if (!key || !signature) return false;
  const message = lines(get('wechatpay-timestamp') ?? '', get('wechatpay-nonce') ?? '', body);
  try {
    return createVerify('RSA-SHA256').update(message).verify(key, signature, 'base64');
  } catch {
    return false;
  }
}

export function answerVerifies(keys: PayKeys, res: PayResponse): boolean {
  return verifyWechatpaySignature(keys, (n) => res.headers.get(n), res.text);
}

export interface Resource {
  algorithm: string;
  ciphertext: string;
  associated_data: string;
  nonce: string;
}

export function decryptResource(apiV3Key: string, r: Resource): string {
  const data = Buffer.from(r.ciphertext, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(apiV3Key), Buffer.from(r.nonce));
  decipher.setAuthTag(data.subarray(data.length - 16));
  decipher.setAAD(Buffer.from(r.associated_data));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString(
    'utf8'
  );
}

export interface ReceivedNotification {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface NotifyReceiver {
  url: string;
  received: ReceivedNotification[];
  /** Decides each answer (default 204). A returned `hangMs` holds the answer that long. */
  answer: (n: ReceivedNotification, index: number) => { status: number; body?: string; hangMs?: number };
  stop(): Promise<void>;
}

export async function startNotifyReceiver(): Promise<NotifyReceiver> {
  const receiver: NotifyReceiver = {
    url: '',
    received: [],
    answer: () => ({ status: 204 }),
    stop: async () => undefined
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const n: ReceivedNotification = {
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now()
      };
      receiver.received.push(n);
      const a = receiver.answer(n, receiver.received.length - 1);
      const send = () => {
        res.writeHead(a.status, a.body ? { 'content-type': 'application/json' } : {});
        res.end(a.body ?? '');
      };
      if (a.hangMs) setTimeout(send, a.hangMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pay/notify`;
  receiver.stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return receiver;
}

/** Verifies and decrypts a received notification as a merchant must. */
export function openNotification(
  keys: PayKeys,
  n: ReceivedNotification
): { valid: boolean; event: Record<string, unknown>; resource: Record<string, unknown> } {
  const header = (name: string) => {
    const v = n.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const valid = verifyWechatpaySignature(keys, header, n.body);
  const event = JSON.parse(n.body) as Record<string, unknown>;
  const resource = JSON.parse(decryptResource(keys.apiV3Key, event.resource as Resource)) as Record<
    string,
    unknown
  >;
  return { valid, event, resource };
}
