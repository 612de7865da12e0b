import type { KeyObject } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import { decryptResource, publicKeyOf } from './pay-crypto';

/**
 * WeChat's keys, by the `Wechatpay-Serial` they sign with: the configured public key for its
 * `PUB_KEY_ID_…` (public-key mode), or a platform certificate downloaded from
 * `GET /v3/certificates` (certificate mode), cached and fetched again — at most once a minute —
 * when an unknown serial turns up.
 */

const REFRESH_MIN_INTERVAL_MS = 60_000;

interface CertificatesAnswer {
  status: number;
  data?: unknown;
}

export interface PlatformKeysOptions {
  publicKey: { id: string; pem: string } | null;
  apiV3Key: Buffer;
  /** Signed GET of /v3/certificates (through the library's HTTP layer). */
  fetchCertificates(): Promise<CertificatesAnswer>;
}

interface CertificateEntry {
  serial_no: string;
  encrypt_certificate: { ciphertext: string; nonce: string; associated_data?: string };
}

export class PlatformKeys {
  private readonly certificates = new Map<string, KeyObject>();
  private readonly publicKey: { id: string; key: KeyObject } | null;
  private lastFetch = 0;
  private fetching: Promise<void> | null = null;

  constructor(private readonly options: PlatformKeysOptions) {
    this.publicKey = options.publicKey
      ? { id: options.publicKey.id, key: publicKeyOf(options.publicKey.pem) }
      : null;
  }

  keyFor = async (serial: string): Promise<KeyObject | null> => {
    if (serial.startsWith('PUB_KEY_ID_')) return this.publicKey?.id === serial ? this.publicKey.key : null;
    const normalised = serial.toUpperCase();
    const known = this.certificates.get(normalised);
    if (known) return known;
    await this.refresh();
    return this.certificates.get(normalised) ?? null;
  };

  private refresh(): Promise<void> {
    if (this.fetching) return this.fetching;
    if (Date.now() - this.lastFetch < REFRESH_MIN_INTERVAL_MS) return Promise.resolve();
    this.lastFetch = Date.now();
    this.fetching = this.download().finally(() => {
      this.fetching = null;
    });
    return this.fetching;
  }

  private async download(): Promise<void> {
    const answer = await this.options.fetchCertificates().catch(() => null);
    const list = (answer?.data as { data?: CertificateEntry[] } | undefined)?.data;
    if (!answer || answer.status !== 200 || !Array.isArray(list)) return;
    for (const entry of list) {
      try {
        // GCM under the APIv3 key authenticates each certificate (the list's own signature
        // cannot be checked before we have the certificate it is signed with).
        const pem = decryptResource(entry.encrypt_certificate, this.options.apiV3Key);
        this.certificates.set(String(entry.serial_no).toUpperCase(), publicKeyOf(pem));
      } catch {
        // A certificate that does not decrypt under our key is not WeChat's: skip it.
      }
    }
  }
}

/** A nonce for our signed requests (the library's Math.random one is not used for these). */
export const requestNonce = () => randomBytes(16).toString('hex');
