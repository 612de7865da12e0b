import { useEffect, useState } from 'react'
import { Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Field from '../../../components/Field'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import { useAsync } from '../../../hooks/useAsync'
import { useSave } from '../../../hooks/useSave'
import { getMerchantSettings, saveMerchantSettings } from '../../../services/pay'
import { formatDateTime } from '../../../utils/format'
import KeySourceField from './key-source-field'
import { KEY_FIELDS, type SettingsDraft, toBody, toDraft } from './settings-draft'
import './index.scss'

const SOURCE_TEXT = {
  settings: '使用本页保存的设置',
  'keys-dir': '使用服务器密钥目录（WECHATPAY_KEYS_DIR）中的设置',
  none: '尚未配置，商城的现金商品暂不能购买'
} as const

/**
 * Manager: the WeChat Pay merchant — mchid, certificate serial or public-key id, and where the
 * server reads each secret (a file or an environment variable). Secrets never pass through here.
 */
export default function ManagerPaySettingsPage() {
  const settings = useAsync(() => getMerchantSettings(), [])
  const [draft, setDraft] = useState<SettingsDraft>(toDraft(undefined))
  const { saving, message, save } = useSave()
  useEffect(() => {
    if (settings.data) setDraft(toDraft(settings.data))
  }, [settings.data])
  const view = settings.data
  const set = (patch: Partial<SettingsDraft>) => setDraft((d) => ({ ...d, ...patch }))

  const submit = async () => {
    const saved = await save(() => saveMerchantSettings(toBody(draft)), '已保存')
    if (saved) settings.setData(saved)
  }

  return (
    <PageContainer
      className="e2e-page-manager-pay-settings"
      require="staff"
      capability="pay.settings"
      loading={settings.loading && !view}
      error={settings.error}
      onRetry={() => void settings.reload()}
    >
      {view ? (
        <Section title="当前状态" className="e2e-pay-settings-status">
          <Text className="hint e2e-pay-settings-source">{SOURCE_TEXT[view.source]}</Text>
          {view.mchid ? <Text className="hint">商户号 {view.mchid}</Text> : null}
          <Text className="hint">{view.publicKeyId ? `公钥模式（${view.publicKeyId}）` : '平台证书模式'}</Text>
          {view.updatedAt ? (
            <Text className="hint">
              {view.updatedBy?.name ?? ''} 更新于 {formatDateTime(view.updatedAt)}
            </Text>
          ) : null}
        </Section>
      ) : null}
      <Section title="商户信息">
        <Field label="商户号" value={draft.mchid} onChange={(mchid) => set({ mchid })} className="e2e-pay-settings-mchid" type="number" />
        <Field label="小程序 AppID" value={draft.appid} onChange={(appid) => set({ appid })} className="e2e-pay-settings-appid" />
        <Field label="商户证书序列号" value={draft.merchantSerial} onChange={(merchantSerial) => set({ merchantSerial })} className="e2e-pay-settings-serial" />
        <Field
          label="微信支付公钥 ID"
          placeholder="PUB_KEY_ID_…（平台证书模式不填）"
          value={draft.publicKeyId}
          onChange={(publicKeyId) => set({ publicKeyId })}
          className="e2e-pay-settings-public-key-id"
        />
      </Section>
      <Section title="密钥来源" className="e2e-pay-settings-keys">
        <Text className="hint">密钥只保存在服务器文件或环境变量中，这里只记录位置。</Text>
        {KEY_FIELDS.map((f) => (
          <KeySourceField
            key={f.name}
            label={f.label}
            hook={`e2e-pay-settings-${f.name}`}
            value={draft.keys[f.name]}
            readable={view?.readable[f.name]}
            onChange={(value) => set({ keys: { ...draft.keys, [f.name]: value } })}
          />
        ))}
      </Section>
      {message ? <Text className={`${message.ok ? 'success-text' : 'error-text'} e2e-pay-settings-message`}>{message.text}</Text> : null}
      <Button type="primary" block className="e2e-pay-settings-save" loading={saving} onClick={() => void submit()}>
        保存
      </Button>
    </PageContainer>
  )
}
