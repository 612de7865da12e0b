import { View, Text } from '@tarojs/components'
import './index.scss'

interface ShowCodeProps {
  label: string
  /** The code as it should be read out (already grouped). */
  code: string
  hint: string
  /** Browser-test hook: the box gets `<hook>`, the code `<hook>-value`. */
  hook: string
  large?: boolean
  dimmed?: boolean
}

/** A code the owner shows at the desk (check-in code, voucher code), in large type. */
export default function ShowCode({ label, code, hint, hook, large, dimmed }: ShowCodeProps) {
  const modifiers = `${large ? ' show-code--large' : ''}${dimmed ? ' show-code--dimmed' : ''}`
  return (
    <View className={`show-code${modifiers} ${hook}`}>
      <Text className="show-code__label">{label}</Text>
      <Text className={`show-code__value ${hook}-value`}>{code}</Text>
      <Text className="show-code__hint">{hint}</Text>
    </View>
  )
}
