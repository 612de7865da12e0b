import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KeySource, MerchantSettingsBody } from '@dealer/shared';
import { MERCHANT_SETTINGS_ID, MerchantSettings } from './merchant-settings.model';

/**
 * The merchant's ids and secrets, read where the settings say (files or environment variables),
 * or from WECHATPAY_KEYS_DIR (the files the WeChat Pay console hands out, plus pay.json) when no
 * settings are saved. Secrets live in memory only.
 */
export interface MerchantCredentials {
  mchid: string;
  appid: string;
  merchantSerial: string;
  publicKeyId: string | null;
  privateKeyPem: string;
  certificatePem: string;
  apiV3Key: string;
  /** WeChat Pay public key (public-key mode), when configured. */
  platformPublicKeyPem: string | null;
}

export type CredentialSource = 'settings' | 'keys-dir' | 'none';

export const KEYS_DIR_FILES = {
  merchantPrivateKey: 'apiclient_key.pem',
  merchantCertificate: 'apiclient_cert.pem',
  platformPublicKey: 'platform_public_key.pem',
  settings: 'pay.json'
} as const;

/** A secret's text, or null when the file is missing or the variable unset. */
export function readSecret(source: KeySource | null | undefined): string | null {
  if (!source) return null;
  if (source.from === 'env') return process.env[source.name]?.trim() || null;
  try {
    return readFileSync(source.path, 'utf8').trim() || null;
  } catch {
    return null;
  }
}

function fromKeysDir(dir: string): MerchantCredentials | null {
  try {
    const ids = JSON.parse(readFileSync(join(dir, KEYS_DIR_FILES.settings), 'utf8')) as Record<
      string,
      unknown
    >;
    const text = (f: string) => readFileSync(join(dir, f), 'utf8');
    const platformPublicKeyPem = readSecret({
      from: 'file',
      path: join(dir, KEYS_DIR_FILES.platformPublicKey)
    });
    return {
      mchid: String(ids.mchid),
      appid: String(ids.appid),
      merchantSerial: String(ids.merchantSerial),
      publicKeyId: typeof ids.publicKeyId === 'string' ? ids.publicKeyId : null,
      privateKeyPem: text(KEYS_DIR_FILES.merchantPrivateKey),
      certificatePem: text(KEYS_DIR_FILES.merchantCertificate),
      apiV3Key: String(ids.apiV3Key),
      platformPublicKeyPem
    };
  } catch {
    return null;
  }
}

/** Credentials from saved settings: null when a required secret cannot be read. */
export function fromSettings(settings: MerchantSettingsBody): MerchantCredentials | null {
  const privateKeyPem = readSecret(settings.keys.merchantPrivateKey);
  const certificatePem = readSecret(settings.keys.merchantCertificate);
  const apiV3Key = readSecret(settings.keys.apiV3Key);
  if (!privateKeyPem || !certificatePem || !apiV3Key) return null;
  return {
    mchid: settings.mchid,
    appid: settings.appid,
    merchantSerial: settings.merchantSerial.toUpperCase(),
    publicKeyId: settings.publicKeyId,
    privateKeyPem,
    certificatePem,
    apiV3Key,
    platformPublicKeyPem: readSecret(settings.keys.platformPublicKey)
  };
}

export const storedSettings = () => MerchantSettings.findById(MERCHANT_SETTINGS_ID).lean();

type StoredSource = { from: string; path?: string | null; name?: string | null } | null | undefined;

/** A stored key source as the API describes it. */
export function keySourceOf(stored: StoredSource): KeySource | null {
  if (!stored) return null;
  return stored.from === 'env'
    ? { from: 'env', name: stored.name ?? '' }
    : { from: 'file', path: stored.path ?? '' };
}

type StoredSettings = NonNullable<Awaited<ReturnType<typeof storedSettings>>>;

function credentialsOfStored(saved: StoredSettings): MerchantCredentials | null {
  const merchantPrivateKey = keySourceOf(saved.keys?.merchantPrivateKey);
  const merchantCertificate = keySourceOf(saved.keys?.merchantCertificate);
  const apiV3Key = keySourceOf(saved.keys?.apiV3Key);
  if (!merchantPrivateKey || !merchantCertificate || !apiV3Key) return null;
  return fromSettings({
    mchid: saved.mchid,
    appid: saved.appid,
    merchantSerial: saved.merchantSerial,
    publicKeyId: saved.publicKeyId ?? null,
    keys: {
      merchantPrivateKey,
      merchantCertificate,
      apiV3Key,
      platformPublicKey: keySourceOf(saved.keys?.platformPublicKey)
    }
  });
}

/** The credentials in force and where they came from. */
export async function loadCredentials(
  keysDir: string | undefined
): Promise<{ source: CredentialSource; credentials: MerchantCredentials | null }> {
  const saved = await storedSettings();
  if (saved) return { source: 'settings', credentials: credentialsOfStored(saved) };
  const fromDir = keysDir ? fromKeysDir(keysDir) : null;
  return fromDir ? { source: 'keys-dir', credentials: fromDir } : { source: 'none', credentials: null };
}
