import { View, Text } from '@tarojs/components'
import '../Chips/index.scss'

export interface MultiChipsProps {
  options: ReadonlyArray<{ value: string; label: string }>
  value: readonly string[]
  onToggle: (value: string) => void
  /** Row hook; each chip gets `<hook>-<value>`, selected ones also `chip--active`. */
  hook: string
  label?: string
  error?: string | null
}

/** A multi-choice row of chips (filters, audiences): tap to add or remove a value. */
export default function MultiChips({ options, value, onToggle, hook, label, error }: MultiChipsProps) {
  return (
    <View className={`chips chips--multi ${hook}`}>
      {label ? <Text className="chips__label">{label}</Text> : null}
      <View className="chips__row">
        {options.map((option) => (
          <View
            key={option.value}
            className={`chip ${value.includes(option.value) ? 'chip--active' : ''} ${hook}-${option.value}`}
            onClick={() => onToggle(option.value)}
          >
            <Text>{option.label}</Text>
          </View>
        ))}
      </View>
      {error ? <Text className="chips__error">{error}</Text> : null}
    </View>
  )
}
