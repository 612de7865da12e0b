import { Text } from '@tarojs/components'
import { useAsync } from '../../hooks/useAsync'
import { getOwnerDue } from '../../services/bookings'
import { isApiError } from '../../services/request'
import DueVehicles from './DueVehicles'
import './index.scss'

/**
 * 「下次到期」 per vehicle on the owner's home page: maintenance, insurance, inspection,
 * warranty / 三包, earliest first, overdue in red, each workshop visit with a 预约 button.
 * Shows nothing while the due service is not deployed (404) or the owner has no vehicle.
 */
export default function DueCard() {
  const due = useAsync(() => getOwnerDue(), [])
  if (due.error) {
    return isApiError(due.error) && due.error.status === 404 ? null : <Text className="hint due__unavailable e2e-due-unavailable">到期提醒暂时无法加载</Text>
  }
  return <DueVehicles vehicles={due.data?.vehicles ?? []} />
}
