import { View } from '@tarojs/components'
import { groupedVoucherCode } from '../../utils/points'
import QrCode from '../QrCode'
import ShowCode from '../ShowCode'

/**
 * A voucher's code: a QR code the desk scans (its content is the code itself) and the
 * 10 characters in two groups to read out or type. No QR once the voucher cannot be used.
 */
export default function VoucherCode({ code, dimmed }: { code: string; dimmed?: boolean }) {
  return (
    <View className="voucher-code">
      {dimmed ? null : (
        <View style={{ textAlign: 'center' }}>
          <QrCode text={code} hook="e2e-voucher-qr" />
        </View>
      )}
      <ShowCode label="券码" code={groupedVoucherCode(code)} hint="到店后请向前台出示二维码或券码" hook="e2e-voucher-code" dimmed={dimmed} />
    </View>
  )
}
