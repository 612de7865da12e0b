import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../components/PageContainer'
import Section from '../../components/Section'
import DueCard from '../../components/DueCard'
import { useAsync } from '../../hooks/useAsync'
import { useSession } from '../../hooks/useSession'
import { listBindings } from '../../services/owner'
import { logout } from '../../services/auth'
import { ROUTES } from '../../utils/routes'
import './index.scss'

const LINKS = [
  { hook: 'e2e-home-booking', title: '预约保养', note: '首保、定保、维修、钣喷，选择时段到店', url: ROUTES.ownerBooking },
  { hook: 'e2e-home-bookings', title: '我的预约', note: '到店码、改约与取消', url: ROUTES.ownerBookings },
  { hook: 'e2e-home-vehicles', title: '我的车辆', note: '认领车辆、保修与三包、维修记录', url: ROUTES.ownerVehicles },
  { hook: 'e2e-home-dealerships', title: '我的门店', note: '已绑定的 4S 店', url: ROUTES.ownerDealerships },
  { hook: 'e2e-home-profile', title: '个人资料', note: '姓名、生日（农历/公历）、性别', url: ROUTES.ownerProfile },
  { hook: 'e2e-home-complaints', title: '投诉与建议', note: '提交投诉（可附照片），查看处理进度', url: ROUTES.ownerComplaints },
  { hook: 'e2e-home-points', title: '积分会员', note: '积分余额与明细、积分商城、我的券', url: ROUTES.ownerPoints },
  { hook: 'e2e-home-lottery', title: '抽奖活动', note: '参加门店抽奖，查看中奖记录与领奖方式', url: ROUTES.lotteryMyDraws },
  { hook: 'e2e-home-pay-orders', title: '我的订单', note: '商城购买的套餐与商品，支付状态、券码与退款', url: ROUTES.ownerPayOrders },
  { hook: 'e2e-home-notices', title: '消息通知', note: '保养提醒与门店通知', url: ROUTES.ownerNotices }
]

/** Owner home (main package): bound dealerships at a glance and the way into each feature. */
export default function OwnerHome() {
  const session = useSession()
  const isOwner = session?.kind === 'owner'
  const bindings = useAsync(() => listBindings(), [isOwner], isOwner)
  const items = bindings.data?.items ?? []

  return (
    <PageContainer
      className="owner-home e2e-page-owner-home"
      require="owner"
      loading={bindings.loading && !bindings.data}
      error={bindings.error}
      onRetry={() => void bindings.reload()}
    >
      <Section className="owner-home__summary">
        {items.length ? (
          <View>
            <Text className="owner-home__headline">已绑定 {items.length} 家门店</Text>
            <Text className="hint e2e-home-dealer-names">{items.map((b) => b.dealership.name).join('、')}</Text>
          </View>
        ) : (
          <View className="e2e-home-unbound">
            <Text className="owner-home__headline">还没有绑定门店</Text>
            <Text className="hint">请用微信扫描 4S 店提供的二维码（交车时、展厅或结算单上），绑定后可查看车辆与保养信息。</Text>
          </View>
        )}
      </Section>
      {isOwner && items.length ? <DueCard /> : null}
      <Section>
        {LINKS.map((link) => (
          <View key={link.hook} className={`owner-home__link ${link.hook}`} onClick={() => void Taro.navigateTo({ url: link.url })}>
            <View>
              <Text className="list-item__title">{link.title}</Text>
              <Text className="list-item__meta">{link.note}</Text>
            </View>
            <Text className="owner-home__arrow">›</Text>
          </View>
        ))}
      </Section>
      <View className="owner-home__logout">
        <Button
          fill="none"
          className="e2e-home-logout"
          onClick={() => {
            void logout().finally(() => Taro.reLaunch({ url: ROUTES.entry }))
          }}
        >
          退出登录
        </Button>
      </View>
    </PageContainer>
  )
}
