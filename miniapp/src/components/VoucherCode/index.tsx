import { View, Text } from '@tarojs/components'
import { groupedVoucherCode } from '../../utils/points'
import './index.scss'

/** A voucher's 10-character code in large type, in two groups: the owner shows it at the desk. */
export default function VoucherCode({ code, dimmed }: { code: string; dimmed?: boolean }) {
  return (
    <View className={`voucher-code ${dimmed ? 'voucher-code--dimmed' : ''} e2e-voucher-code`}>
      <Text className="voucher-code__label">券码</Text>
      <Text className="voucher-code__value e2e-voucher-code-value">{groupedVoucherCode(code)}</Text>
      <Text className="voucher-code__hint">到店后请向前台出示此码</Text>
    </View>
  )
}
