import { View, Text } from '@tarojs/components'
import './index.scss'

export interface ChipOption<V extends string> {
  value: V
  label: string
}

export interface ChipsProps<V extends string> {
  options: ReadonlyArray<ChipOption<V>>
  value: V | '' | null
  onChange: (value: V) => void
  /** Each chip gets the class `<hook>-<value>`, e.g. `e2e-contact-channel-phone`. */
  hook: string
  label?: string
  error?: string | null
  disabled?: boolean
}

/** A single-choice row of chips: simpler than a picker and easy to drive from a browser test. */
export default function Chips<V extends string>({ options, value, onChange, hook, label, error, disabled }: ChipsProps<V>) {
  return (
    <View className={`chips ${hook}`}>
      {label ? <Text className="chips__label">{label}</Text> : null}
      <View className="chips__row">
        {options.map((option) => (
          <View
            key={option.value}
            className={`chip ${option.value === value ? 'chip--active' : ''} ${hook}-${option.value}`}
            onClick={() => {
              if (!disabled) onChange(option.value)
            }}
          >
            <Text>{option.label}</Text>
          </View>
        ))}
      </View>
      {error ? <Text className="chips__error">{error}</Text> : null}
    </View>
  )
}
