import { useRef } from 'react'
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

/**
 * Taro's H5 input and textarea throw ("reading 'value'") when their value changes while the
 * element is still loading: the change handler runs before the inner <input> exists. That
 * happens when a form is filled from data that arrives just after it is shown. Until the
 * user first types, a value set from outside therefore mounts a fresh element holding it
 * (a key change) instead of changing the loading one; once the user types nothing remounts.
 */
function useInputKey(value: string): { key: number; typed: (value: string) => void } {
  const generation = useRef(0)
  const seen = useRef(value)
  const touched = useRef(false)
  if (value !== seen.current) {
    if (!touched.current) generation.current += 1
    seen.current = value
  }
  return {
    key: generation.current,
    typed: (typedValue) => {
      touched.current = true
      seen.current = typedValue
    }
  }
}

/** Label + input + inline error, built on Taro primitives (works in both builds and in jsdom). */
export default function Field(props: FieldProps) {
  const { label, value, onChange, placeholder, error, className = '', type = 'text', password, maxlength, multiline, disabled, onConfirm } = props
  const input = useInputKey(value)
  const onInput = (typedValue: string) => {
    input.typed(typedValue)
    onChange(typedValue)
  }
  return (
    <View className={`field ${error ? 'field--error' : ''} ${className}`}>
      <Text className="field__label">{label}</Text>
      {multiline ? (
        <Textarea
          key={input.key}
          className="field__input field__input--multiline"
          value={value}
          placeholder={placeholder}
          maxlength={maxlength ?? 500}
          disabled={disabled}
          onInput={(e) => onInput(e.detail.value)}
        />
      ) : (
        <Input
          key={input.key}
          className="field__input"
          value={value}
          type={type}
          password={password}
          placeholder={placeholder}
          maxlength={maxlength ?? 140}
          disabled={disabled}
          onInput={(e) => onInput(e.detail.value)}
          onConfirm={onConfirm}
        />
      )}
      {error ? <Text className="field__error">{error}</Text> : null}
    </View>
  )
}
