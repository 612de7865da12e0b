import { createPrivateKey, X509Certificate } from 'node:crypto';
import type { MerchantSettingsBody, MerchantSettingsView } from '@dealer/shared';
import type { StaffAuth } from '../../http/auth-context';
import { clock } from '../../lib/clock';
import { unprocessable } from '../../lib/errors';
import { KEYS_DIR_FILES, keySourceOf, readSecret, storedSettings } from './merchant-credentials';
import { MERCHANT_SETTINGS_ID, MerchantSettings } from './merchant-settings.model';
import { payRuntime } from './pay-runtime';
import type { Config } from '../../config';

/**
 * The merchant settings a manager keeps: ids and where each secret is read from. Saving checks
 * every secret can be read and fits (the key is a private key, the certificate's serial is the
 * one given, the APIv3 key has 32 bytes) — without ever storing or answering a secret.
 */

const readableOf = (keys: MerchantSettingsBody['keys']) =>
  Object.fromEntries(
    Object.entries(keys).map(([k, source]) => [k, source ? readSecret(source) !== null : false])
  );

export async function settingsView(config: Config): Promise<MerchantSettingsView> {
  const saved = await storedSettings();
  if (saved) {
    const keys = {
      merchantPrivateKey: keySourceOf(saved.keys?.merchantPrivateKey)!,
      merchantCertificate: keySourceOf(saved.keys?.merchantCertificate)!,
      apiV3Key: keySourceOf(saved.keys?.apiV3Key)!,
      platformPublicKey: keySourceOf(saved.keys?.platformPublicKey)
    };
    return {
      source: 'settings',
      mchid: saved.mchid,
      appid: saved.appid,
      merchantSerial: saved.merchantSerial,
      publicKeyId: saved.publicKeyId ?? null,
      keys,
      readable: readableOf(keys),
      updatedAt: saved.updatedAt.toISOString(),
      updatedBy: saved.updatedBy ? { id: String(saved.updatedBy.id), name: saved.updatedBy.name } : null
    };
  }
  const { source, gateway } = await payRuntime(config).current();
  const c = gateway?.credentials;
  return {
    source,
    mchid: c?.mchid ?? null,
    appid: c?.appid ?? null,
    merchantSerial: c?.merchantSerial ?? null,
    publicKeyId: c?.publicKeyId ?? null,
    keys: null,
    readable: c ? Object.fromEntries(Object.keys(KEYS_DIR_FILES).map((k) => [k, true])) : {},
    updatedAt: null,
    updatedBy: null
  };
}

function checkSecrets(body: MerchantSettingsBody): void {
  const unreadable = Object.entries(readableOf(body.keys))
    .filter(([k, ok]) => !ok && (k !== 'platformPublicKey' || body.keys.platformPublicKey))
    .map(([k]) => k);
  if (unreadable.length > 0)
    throw unprocessable('PAY_KEY_UNREADABLE', `读取不到密钥：${unreadable.join('、')}`, { keys: unreadable });
  const bad = (what: string) => unprocessable('PAY_KEY_INVALID', what);
  try {
    createPrivateKey(readSecret(body.keys.merchantPrivateKey)!);
  } catch {
    throw bad('商户私钥不是有效的 PEM 私钥');
  }
  let serial: string;
  try {
    serial = new X509Certificate(readSecret(body.keys.merchantCertificate)!).serialNumber;
  } catch {
    throw bad('商户证书不是有效的 X.509 证书');
  }
  if (serial.toUpperCase().replace(/^0+/, '') !== body.merchantSerial.toUpperCase().replace(/^0+/, ''))
    throw bad('商户证书序列号与填写的不一致');
  if (Buffer.byteLength(readSecret(body.keys.apiV3Key)!, 'utf8') !== 32)
    throw bad('APIv3 密钥应为 32 个字符');
  if (body.keys.platformPublicKey && !body.publicKeyId) throw bad('填写了微信支付公钥，请同时填写公钥 ID');
}

export async function saveSettings(config: Config, auth: StaffAuth, body: MerchantSettingsBody) {
  checkSecrets(body);
  await MerchantSettings.updateOne(
    { _id: MERCHANT_SETTINGS_ID },
    {
      $set: {
        ...body,
        merchantSerial: body.merchantSerial.toUpperCase(),
        updatedAt: clock.now(),
        updatedBy: { id: auth.staffId, name: auth.name }
      }
    },
    { upsert: true }
  );
  payRuntime(config).invalidate();
  return settingsView(config);
}
