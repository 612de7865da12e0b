import { View, Text } from '@tarojs/components'
import VoucherCode from '../../components/VoucherCode'
import ShowCode from '../../components/ShowCode'
import type { LotteryDraw } from '../../services/api-types'
import { formatDateTime } from '../../utils/format'
import { groupedVoucherCode } from '../../utils/points'

/** How the owner claims what a draw won: the voucher code, the pickup code, or the points credited. */
export default function PrizeClaim({ draw }: { draw: LotteryDraw }) {
  if (draw.prize.kind === 'voucher' && draw.voucherCode) {
    return (
      <View className="e2e-lottery-claim-voucher">
        <VoucherCode code={draw.voucherCode} />
        <Text className="hint">券已放入“我的券”，到店出示券码即可使用。</Text>
      </View>
    )
  }
  if (draw.prize.kind === 'gift' && draw.pickupCode) {
    return (
      <View className="e2e-lottery-claim-gift">
        <ShowCode
          label="领奖码"
          code={groupedVoucherCode(draw.pickupCode)}
          hint={draw.pickedUpAt ? `已于 ${formatDateTime(draw.pickedUpAt)} 领取` : `请于 ${formatDateTime(draw.claimDeadline)} 前到店出示此码领取`}
          hook="e2e-lottery-pickup-code"
          dimmed={draw.pickedUpAt !== null}
        />
      </View>
    )
  }
  if (draw.prize.kind === 'points' && draw.pointsAwarded > 0) {
    return <Text className="hint e2e-lottery-claim-points">{draw.pointsAwarded} 积分已到账</Text>
  }
  return null
}
