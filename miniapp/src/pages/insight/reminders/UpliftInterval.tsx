import { View, Text } from '@tarojs/components'
import type { UpliftView } from '../../../services/api-types'
import { intervalDrawing, signedPoints } from '../../../utils/reminder-results'

/**
 * The uplift's 95% interval drawn on a percentage-point axis: the bar is the interval, the dot
 * the estimate, the line zero (an interval across it is not significant). 样本不足 instead of a
 * drawing when the samples are too small.
 */
export default function UpliftInterval({ uplift }: { uplift: UpliftView }) {
  const drawing = intervalDrawing(uplift)
  if (!drawing || !uplift.interval || uplift.difference === null) {
    return (
      <View className="uplift uplift--insufficient e2e-reminder-uplift-insufficient">
        <Text className="uplift__badge">样本不足</Text>
        <Text className="hint">每组至少需 {uplift.minSample} 辆已有结果（已回厂或窗口已结束）的车辆，才给出置信区间</Text>
      </View>
    )
  }
  const tone = uplift.verdict === 'higher' ? 'good' : uplift.verdict === 'lower' ? 'bad' : 'neutral'
  return (
    <View className={`uplift uplift--${tone} e2e-reminder-uplift-interval`}>
      <Text className="uplift__estimate e2e-reminder-uplift-points">{signedPoints(uplift.difference)} 个百分点</Text>
      <View className="uplift__track">
        <View className="uplift__zero" style={{ left: `${drawing.zero}%` }}>
          <Text className="uplift__zero-label">0</Text>
        </View>
        <View className="uplift__range" style={{ left: `${drawing.low}%`, width: `${Math.max(drawing.high - drawing.low, 0.5)}%` }} />
        <View className="uplift__point" style={{ left: `${drawing.point}%` }} />
      </View>
      <View className="uplift__axis">
        <Text>{drawing.min} 个百分点</Text>
        <Text className="e2e-reminder-uplift-range">
          95% 置信区间 {signedPoints(uplift.interval.low)} 至 {signedPoints(uplift.interval.high)}
        </Text>
        <Text>{drawing.max} 个百分点</Text>
      </View>
    </View>
  )
}
