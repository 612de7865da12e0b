import Taro, { useDidShow } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { listMyBookings } from '../../../services/bookings'
import type { BookingView } from '../../../services/api-types'
import { sortBookings } from '../../../utils/booking'
import { ROUTES } from '../../../utils/routes'
import BookingCard from './BookingCard'
import './index.scss'

/** 我的预约: open bookings first (soonest first), then past and cancelled ones. */
export default function MyBookingsPage() {
  const session = useSession()
  const isOwner = session?.kind === 'owner'
  const bookings = useAsync(() => listMyBookings(), [isOwner], isOwner)
  const items = sortBookings(bookings.data?.items ?? [])
  // Back from the booking page: show the new booking.
  useDidShow(() => {
    if (isOwner && bookings.data) void bookings.reload()
  })

  function replace(updated: BookingView) {
    const current = bookings.data?.items ?? []
    bookings.setData({ items: current.map((b) => (b.id === updated.id ? updated : b)) })
  }

  const bookButton = (
    <Button type="primary" className="e2e-my-bookings-new" onClick={() => void Taro.navigateTo({ url: ROUTES.ownerBooking })}>
      预约保养
    </Button>
  )

  return (
    <PageContainer
      className="my-bookings e2e-page-owner-bookings"
      require="owner"
      loading={bookings.loading && !bookings.data}
      error={bookings.error}
      onRetry={() => void bookings.reload()}
      empty={bookings.data !== undefined && items.length === 0}
      emptyText="还没有预约"
      emptyAction={bookButton}
    >
      {items.map((booking) => (
        <BookingCard key={booking.id} booking={booking} onChanged={replace} />
      ))}
      <View className="my-bookings__new">{bookButton}</View>
    </PageContainer>
  )
}
