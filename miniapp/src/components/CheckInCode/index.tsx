import { View, Text } from '@tarojs/components'
import { groupedCode } from '../../utils/booking'
import './index.scss'

/** The 8-character check-in code in large type: the owner shows it at the service desk. */
export default function CheckInCode({ code }: { code: string }) {
  return (
    <View className="check-in-code e2e-check-in-code">
      <Text className="check-in-code__label">到店码</Text>
      <Text className="check-in-code__value e2e-check-in-code-value">{groupedCode(code)}</Text>
      <Text className="check-in-code__hint">到店后请向服务顾问出示此码</Text>
    </View>
  )
}
