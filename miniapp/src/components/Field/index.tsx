import { View, Text, Input, Textarea } from '@tarojs/components'
import './index.scss'

export interface FieldProps {
  label: string
  value: string
  onChange: (value: string) => void
  placeholder?: string
  error?: string | null
  /** e2e hook on the field wrapper; the native input is `.<hook> input`. */
  className?: string
  type?: 'text' | 'number' | 'idcard' | 'digit'
  password?: boolean
  maxlength?: number
  multiline?: boolean
  disabled?: boolean
  onConfirm?: () => void
}

/** Label + input + inline error, built on Taro primitives (works in both builds and in jsdom). */
export default function Field(props: FieldProps) {
  const { label, value, onChange, placeholder, error, className = '', type = 'text', password, maxlength, multiline, disabled, onConfirm } = props
  return (
    <View className={`field ${error ? 'field--error' : ''} ${className}`}>
      <Text className="field__label">{label}</Text>
      {multiline ? (
        <Textarea
          className="field__input field__input--multiline"
          value={value}
          placeholder={placeholder}
          maxlength={maxlength ?? 500}
          disabled={disabled}
          onInput={(e) => onChange(e.detail.value)}
        />
      ) : (
        <Input
          className="field__input"
          value={value}
          type={type}
          password={password}
          placeholder={placeholder}
          maxlength={maxlength ?? 140}
          disabled={disabled}
          onInput={(e) => onChange(e.detail.value)}
          onConfirm={onConfirm}
        />
      )}
      {error ? <Text className="field__error">{error}</Text> : null}
    </View>
  )
}
