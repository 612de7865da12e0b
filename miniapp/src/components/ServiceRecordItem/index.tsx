import type { ReactNode } from 'react'
import { View, Text } from '@tarojs/components'
import { SERVICE_PAYER_LABELS, SERVICE_TYPE_LABELS } from '@dealer/shared/domain/categories'
import type { ServiceRecord } from '../../services/api-types'
import { formatDate, formatMileage, formatMoney } from '../../utils/format'

/** An owner's record (labelled by the server) or a staff archive's (labelled here from its type). */
type RecordShown = Pick<ServiceRecord, 'roNumber' | 'serviceDate' | 'amountFen' | 'mileageKm' | 'type'> & {
  typeLabel?: string
  /** Who paid (staff archives, when the DMS said so). */
  payer?: keyof typeof SERVICE_PAYER_LABELS | null
}

function typeLabelOf(record: RecordShown): string {
  return record.typeLabel ?? (SERVICE_TYPE_LABELS as Record<string, string>)[record.type] ?? record.type
}

export interface ServiceRecordItemProps {
  record: RecordShown
  /** e2e hook of the list item. */
  hook: string
  /** Something to do about the visit (the owner's 投诉 link). */
  action?: ReactNode
}

/** One repair order in a list: date and type, then order number, mileage and amount. */
export default function ServiceRecordItem({ record, hook, action }: ServiceRecordItemProps) {
  return (
    <View className={`list-item ${hook}`}>
      <Text className="list-item__title">
        {formatDate(record.serviceDate)} · {typeLabelOf(record)}
      </Text>
      <Text className="list-item__meta">
        工单 {record.roNumber} · {formatMileage(record.mileageKm)} · {formatMoney(record.amountFen)}
        {record.payer ? ` · ${SERVICE_PAYER_LABELS[record.payer]}` : ''}
      </Text>
      {action}
    </View>
  )
}
