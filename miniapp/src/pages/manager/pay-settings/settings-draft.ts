import type { MerchantSettings, MerchantSettingsInput } from '../../../services/api-types'
import type { KeySourceDraft } from './key-source-field'

type KeySource = NonNullable<MerchantSettings['keys']>['apiV3Key']
export type KeyName = 'merchantPrivateKey' | 'merchantCertificate' | 'apiV3Key' | 'platformPublicKey'

export const KEY_FIELDS: { name: KeyName; label: string }[] = [
  { name: 'merchantPrivateKey', label: '商户 API 私钥（apiclient_key.pem）' },
  { name: 'merchantCertificate', label: '商户 API 证书（apiclient_cert.pem）' },
  { name: 'apiV3Key', label: 'APIv3 密钥（32 位）' },
  { name: 'platformPublicKey', label: '微信支付公钥（公钥模式，可不填）' }
]

export interface SettingsDraft {
  mchid: string
  appid: string
  merchantSerial: string
  publicKeyId: string
  keys: Record<KeyName, KeySourceDraft>
}

const draftOf = (source: KeySource | null | undefined): KeySourceDraft =>
  source ? { from: source.from, where: source.from === 'file' ? source.path : source.name } : { from: 'file', where: '' }

export function toDraft(view: MerchantSettings | undefined): SettingsDraft {
  return {
    mchid: view?.mchid ?? '',
    appid: view?.appid ?? '',
    merchantSerial: view?.merchantSerial ?? '',
    publicKeyId: view?.publicKeyId ?? '',
    keys: {
      merchantPrivateKey: draftOf(view?.keys?.merchantPrivateKey),
      merchantCertificate: draftOf(view?.keys?.merchantCertificate),
      apiV3Key: draftOf(view?.keys?.apiV3Key),
      platformPublicKey: draftOf(view?.keys?.platformPublicKey)
    }
  }
}

const sourceOf = (d: KeySourceDraft): KeySource => (d.from === 'file' ? { from: 'file', path: d.where.trim() } : { from: 'env', name: d.where.trim() })

/** The body to save: the public key only in public-key mode (an id given), nothing of a secret itself. */
export function toBody(draft: SettingsDraft): MerchantSettingsInput {
  const publicKeyId = draft.publicKeyId.trim()
  const usesPublicKey = publicKeyId !== '' || draft.keys.platformPublicKey.where.trim() !== ''
  return {
    mchid: draft.mchid.trim(),
    appid: draft.appid.trim(),
    merchantSerial: draft.merchantSerial.trim().toUpperCase(),
    publicKeyId: publicKeyId === '' ? null : publicKeyId,
    keys: {
      merchantPrivateKey: sourceOf(draft.keys.merchantPrivateKey),
      merchantCertificate: sourceOf(draft.keys.merchantCertificate),
      apiV3Key: sourceOf(draft.keys.apiV3Key),
      platformPublicKey: usesPublicKey ? sourceOf(draft.keys.platformPublicKey) : null
    }
  }
}
