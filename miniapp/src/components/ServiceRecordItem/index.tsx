import { View, Text } from '@tarojs/components'
import type { ServiceRecord } from '../../services/types'
import { formatDate, formatMileage, formatMoney } from '../../utils/format'

export interface ServiceRecordItemProps {
  record: ServiceRecord
  /** e2e hook of the list item. */
  hook: string
}

/** One repair order in a list: date and type, then order number, mileage and amount. */
export default function ServiceRecordItem({ record, hook }: ServiceRecordItemProps) {
  return (
    <View className={`list-item ${hook}`}>
      <Text className="list-item__title">
        {formatDate(record.serviceDate)} · {record.typeLabel}
      </Text>
      <Text className="list-item__meta">
        工单 {record.roNumber} · {formatMileage(record.mileageKm)} · {formatMoney(record.amountFen)}
      </Text>
    </View>
  )
}
