import { View, Text } from '@tarojs/components'
import Chips from '../../../components/Chips'
import Field from '../../../components/Field'

export type KeyFrom = 'file' | 'env'
export interface KeySourceDraft {
  from: KeyFrom
  /** The file path or the environment variable's name. */
  where: string
}

const FROM_OPTIONS: { value: KeyFrom; label: string }[] = [
  { value: 'file', label: '服务器文件' },
  { value: 'env', label: '环境变量' }
]

export interface KeySourceFieldProps {
  label: string
  hook: string
  value: KeySourceDraft
  onChange: (value: KeySourceDraft) => void
  /** Whether the server could read it (undefined: not saved yet). */
  readable?: boolean
}

/** Where one secret is read from: a file path on the server or an environment variable — never the secret. */
export default function KeySourceField({ label, hook, value, onChange, readable }: KeySourceFieldProps) {
  return (
    <View className={`pay-settings__key ${hook}`}>
      <Text className="pay-settings__key-label">{label}</Text>
      {readable === undefined ? null : (
        <Text className={`${readable ? 'success-text' : 'error-text'} ${hook}-readable`}>{readable ? '服务器可读取' : '服务器无法读取'}</Text>
      )}
      <Chips hook={`${hook}-from`} options={FROM_OPTIONS} value={value.from} onChange={(from) => onChange({ ...value, from })} />
      <Field
        label={value.from === 'file' ? '文件路径' : '变量名'}
        placeholder={value.from === 'file' ? '/etc/wechatpay/apiclient_key.pem' : 'WECHATPAY_PRIVATE_KEY'}
        value={value.where}
        onChange={(where) => onChange({ ...value, where })}
        className={`${hook}-where`}
      />
    </View>
  )
}
