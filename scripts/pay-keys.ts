/**
 * Demo WeChat Pay merchant keys: the merchant's API certificate and key (what a merchant
 * downloads from the WeChat Pay console), the APIv3 key, and WeChat's side of the pair —
 * the platform key with its certificate (certificate mode) and its public key with a
 * `PUB_KEY_ID_` (public-key mode). The WeChat sandbox signs with the platform key; the
 * server signs with the merchant key. Keys are made with node `crypto`; node has no
 * certificate builder, so the self-signed X.509 certificates are assembled by node-forge.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPublicKey, generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';
import forge from 'node-forge';

export interface PayKeys {
  /** Merchant id (商户号), digits. */
  mchid: string;
  /** The mini-program appid the merchant is tied to. */
  appid: string;
  /** apiclient_key.pem: RSA 2048, PKCS#8 PEM. */
  merchantPrivateKeyPem: string;
  /** apiclient_cert.pem: X.509 (self-signed here). */
  merchantCertPem: string;
  /** The merchant certificate's serial, upper-case hex. */
  merchantSerial: string;
  /** APIv3 key: 32 ASCII characters (AES-256-GCM key of notifications and certificates). */
  apiV3Key: string;
  /** WeChat's signing key (PKCS#8 PEM); only the sandbox holds it. */
  platformPrivateKeyPem: string;
  /** Platform certificate (X.509) for certificate mode. */
  platformCertPem: string;
  /** The platform certificate's serial, upper-case hex. */
  platformSerial: string;
  /** `PUB_KEY_ID_` + digits: the `Wechatpay-Serial` of public-key mode. */
  publicKeyId: string;
  /** WeChat Pay public key for public-key mode (SPKI PEM). */
  platformPublicKeyPem: string;
}

export const DEMO_MCHID = '1900000109';

const CERT_YEARS = 5;
const SERIAL_BYTES = 20;
const API_V3_KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** File names inside the keys directory, as the WeChat Pay console names the merchant's. */
export const PAY_KEY_FILES = {
  merchantPrivateKeyPem: 'apiclient_key.pem',
  merchantCertPem: 'apiclient_cert.pem',
  platformPrivateKeyPem: 'platform_key.pem',
  platformCertPem: 'platform_cert.pem',
  platformPublicKeyPem: 'platform_public_key.pem'
} as const;
const SETTINGS_FILE = 'pay.json';

type PemField = keyof typeof PAY_KEY_FILES;
type PaySettingsFile = Omit<PayKeys, PemField>;

interface RsaPair {
  privateKeyPem: string;
  publicKeyPem: string;
}

function rsaPair(): RsaPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString()
  };
}

/** A positive serial of 20 bytes (like WeChat's 40-hex-digit serials), upper-case hex. */
function certificateSerial(): string {
  const bytes = randomBytes(SERIAL_BYTES);
  bytes[0] = 0x10 + (bytes[0]! % 0x70); // positive and without a leading zero byte in DER
  return bytes.toString('hex').toUpperCase();
}

function selfSignedCertificate(pair: RsaPair, serial: string, subject: forge.pki.CertificateField[]): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(pair.publicKeyPem);
  cert.serialNumber = serial.toLowerCase();
  const notBefore = new Date(Date.now() - 24 * 3600_000);
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + CERT_YEARS);
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, keyEncipherment: true }
  ]);
  cert.sign(forge.pki.privateKeyFromPem(pair.privateKeyPem), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

function randomDigits(count: number): string {
  let digits = '';
  for (let i = 0; i < count; i += 1) digits += String(randomInt(10));
  return digits;
}

function randomApiV3Key(): string {
  let key = '';
  for (let i = 0; i < 32; i += 1) key += API_V3_KEY_ALPHABET[randomInt(API_V3_KEY_ALPHABET.length)];
  return key;
}

/** Generates a fresh set (tests; the demo's first start through `ensureDemoPayKeys`). */
export function generatePayKeys(opts: { mchid?: string; appid: string }): PayKeys {
  const mchid = opts.mchid ?? DEMO_MCHID;
  if (!/^\d{1,32}$/.test(mchid)) throw new Error(`mchid must be digits, got "${mchid}"`);
  const merchant = rsaPair();
  const platform = rsaPair();
  const merchantSerial = certificateSerial();
  const platformSerial = certificateSerial();
  const merchantCertPem = selfSignedCertificate(merchant, merchantSerial, [
    { name: 'commonName', value: mchid },
    { name: 'organizationalUnitName', value: 'Demo merchant' },
    { name: 'organizationName', value: 'Demo merchant' },
    { name: 'countryName', value: 'CN' }
  ]);
  const platformCertPem = selfSignedCertificate(platform, platformSerial, [
    { name: 'commonName', value: 'Tenpay.com sandbox platform' },
    { name: 'organizationName', value: 'WeChat sandbox' },
    { name: 'countryName', value: 'CN' }
  ]);
  return {
    mchid,
    appid: opts.appid,
    merchantPrivateKeyPem: merchant.privateKeyPem,
    merchantCertPem,
    merchantSerial,
    apiV3Key: randomApiV3Key(),
    platformPrivateKeyPem: platform.privateKeyPem,
    platformCertPem,
    platformSerial,
    publicKeyId: `PUB_KEY_ID_01${mchid}${randomDigits(Math.max(0, 30 - mchid.length))}`,
    platformPublicKeyPem: createPublicKey(platform.privateKeyPem)
      .export({ type: 'spki', format: 'pem' })
      .toString()
  };
}

function writeSecret(path: string, content: string): void {
  writeFileSync(path, content, { mode: 0o600 });
  chmodSync(path, 0o600); // writeFileSync's mode only applies when it creates the file
}

function settingsOf(keys: PayKeys): PaySettingsFile {
  return {
    mchid: keys.mchid,
    appid: keys.appid,
    merchantSerial: keys.merchantSerial,
    apiV3Key: keys.apiV3Key,
    platformSerial: keys.platformSerial,
    publicKeyId: keys.publicKeyId
  };
}

function writePayKeys(dir: string, keys: PayKeys): void {
  for (const [field, file] of Object.entries(PAY_KEY_FILES) as [PemField, string][]) {
    writeSecret(join(dir, file), keys[field]);
  }
  // Written last: its presence marks a complete set (a crash before it regenerates all).
  writeSecret(join(dir, SETTINGS_FILE), `${JSON.stringify(settingsOf(keys), null, 2)}\n`);
}

function readSettings(dir: string): PaySettingsFile {
  const path = join(dir, SETTINGS_FILE);
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<Record<keyof PaySettingsFile, unknown>>;
  const text = (name: keyof PaySettingsFile): string => {
    const value = parsed[name];
    if (typeof value !== 'string' || value === '') throw new Error(`${path}: "${name}" is missing`);
    return value;
  };
  const settings: PaySettingsFile = {
    mchid: text('mchid'),
    appid: text('appid'),
    merchantSerial: text('merchantSerial'),
    apiV3Key: text('apiV3Key'),
    platformSerial: text('platformSerial'),
    publicKeyId: text('publicKeyId')
  };
  if (Buffer.byteLength(settings.apiV3Key) !== 32)
    throw new Error(`${path}: "apiV3Key" must be 32 characters`);
  if (!settings.publicKeyId.startsWith('PUB_KEY_ID_'))
    throw new Error(`${path}: "publicKeyId" must start PUB_KEY_ID_`);
  return settings;
}

/** Reads the set from `dir`. */
export function readPayKeys(dir: string): PayKeys {
  const settings = readSettings(dir);
  const pem = (field: PemField): string => {
    const path = join(dir, PAY_KEY_FILES[field]);
    if (!existsSync(path)) throw new Error(`${path} is missing (delete ${dir} to generate a new demo set)`);
    return readFileSync(path, 'utf8');
  };
  return {
    ...settings,
    merchantPrivateKeyPem: pem('merchantPrivateKeyPem'),
    merchantCertPem: pem('merchantCertPem'),
    platformPrivateKeyPem: pem('platformPrivateKeyPem'),
    platformCertPem: pem('platformCertPem'),
    platformPublicKeyPem: pem('platformPublicKeyPem')
  };
}

/**
 * Reads the set from `dir` (apiclient_key.pem, apiclient_cert.pem, platform_key.pem,
 * platform_cert.pem, platform_public_key.pem, pay.json), generating and writing it on first
 * use (demo start). Files are mode 0600, the directory 0700. A changed `appid` is written
 * to pay.json; the keys stay.
 */
export function ensureDemoPayKeys(dir: string, appid: string): PayKeys {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!existsSync(join(dir, SETTINGS_FILE))) {
    const keys = generatePayKeys({ appid });
    writePayKeys(dir, keys);
    return keys;
  }
  const keys = readPayKeys(dir);
  if (keys.appid === appid) return keys;
  const retied = { ...keys, appid };
  writeSecret(join(dir, SETTINGS_FILE), `${JSON.stringify(settingsOf(retied), null, 2)}\n`);
  return retied;
}
