import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Chips from '../../../components/Chips'
import DealershipPicker from '../../../components/DealershipPicker'
import PageContainer from '../../../components/PageContainer'
import RefundDialog from '../../../components/RefundDialog'
import Section from '../../../components/Section'
import { useAsync } from '../../../hooks/useAsync'
import { useDealershipScope } from '../../../hooks/useDealershipScope'
import { useRefundDialog } from '../../../hooks/useRefundDialog'
import { useSession } from '../../../hooks/useSession'
import { listPayOrders, refundPayOrder } from '../../../services/pay'
import { errorMessage } from '../../../services/request'
import type { PayOrder, StaffPayOrder } from '../../../services/api-types'
import { formatDateTime } from '../../../utils/format'
import { PAY_CONFIRMATION_LABELS, PAY_ORDER_STATES, PAY_ORDER_STATE_LABELS, orderPrice } from '../../../utils/pay'
import './index.scss'

type StateFilter = PayOrder['state'] | 'all'
const FILTERS: { value: StateFilter; label: string }[] = [
  { value: 'all', label: '全部' },
  ...PAY_ORDER_STATES.map((state) => ({ value: state, label: PAY_ORDER_STATE_LABELS[state] }))
]
/** A full refund needs an issued, unused item; a refund stuck in 退款中 may be sent again. */
const refundable = (order: StaffPayOrder) => order.state === 'fulfilled' || order.state === 'refunding'

/** Manager: WeChat Pay orders with their payment state, the owners' refund requests, full refunds. */
export default function ManagerPayOrdersPage() {
  const session = useSession()
  const scope = useDealershipScope(session)
  const [filter, setFilter] = useState<StateFilter>('all')
  const state = filter === 'all' ? undefined : filter
  const orders = useAsync(() => listPayOrders(scope.dealershipId, state), [scope.dealershipId, state], !scope.pending)
  const refund = useRefundDialog(async (order: StaffPayOrder, reason: string) => {
    const done = await refundPayOrder(order.id, reason)
    return done.state === 'refunded' ? '已退款' : '退款已提交微信支付，结果将自动更新'
  }, orders.reload)
  const { message } = refund
  const refunding = refund.order

  const items = orders.data?.items ?? []
  return (
    <PageContainer className="e2e-page-manager-pay-orders" require="staff" capability="pay.orders" loading={scope.pending}>
      <DealershipPicker scope={scope} hook="e2e-pay-orders-dealership" />
      <Section>
        <Chips hook="e2e-pay-orders-state" options={FILTERS} value={filter} onChange={setFilter} />
      </Section>
      <Section title={orders.data ? `订单 ${orders.data.total} 笔` : '订单'}>
        {message ? <Text className={`${message.ok ? 'hint' : 'error-text'} e2e-pay-orders-message`}>{message.text}</Text> : null}
        {orders.error ? <Text className="error-text">{errorMessage(orders.error)}</Text> : null}
        {orders.data && items.length === 0 ? <Text className="muted">没有订单</Text> : null}
        {items.map((order) => (
          <View key={order.id} className={`list-item e2e-pay-order e2e-pay-order-${order.state}`}>
            <View className="pay-orders__row">
              <Text className="list-item__title">{order.item.name}</Text>
              <Text className="tag e2e-pay-order-state">{PAY_ORDER_STATE_LABELS[order.state]}</Text>
            </View>
            <Text className="list-item__meta e2e-pay-order-owner">
              {order.owner.name}
              {order.owner.mobileTail ? `（尾号 ${order.owner.mobileTail}）` : ''} · {orderPrice(order)}
            </Text>
            <Text className="list-item__meta">
              {order.outTradeNo} · 下单 {formatDateTime(order.createdAt)}
              {order.paidAt ? ` · 支付 ${formatDateTime(order.paidAt)}` : ''}
              {order.paidVia ? `（${PAY_CONFIRMATION_LABELS[order.paidVia]}）` : ''}
            </Text>
            {order.refundRequest ? (
              <Text className="pay-orders__request e2e-pay-order-refund-request">
                车主申请退款：{order.refundRequest.reason}（{formatDateTime(order.refundRequest.at)}）
              </Text>
            ) : null}
            {order.refundedAt ? <Text className="hint">已退款 {formatDateTime(order.refundedAt)}</Text> : null}
            {refundable(order) ? (
              <Button size="small" type="danger" className="e2e-pay-order-refund" onClick={() => refund.open(order)}>
                {order.state === 'refunding' ? '重新发起退款' : '全额退款'}
              </Button>
            ) : null}
          </View>
        ))}
      </Section>
      <RefundDialog
        key={refunding?.id ?? 'none'}
        subject={refunding ? `${refunding.owner.name}「${refunding.item.name}」${orderPrice(refunding)}` : null}
        title="全额退款"
        note="仅未使用的券可退款：券随即作废，款项原路退回，所用积分退还车主。"
        initialReason={refunding?.refundRequest?.reason ?? ''}
        busy={refund.busy}
        onConfirm={(reason) => void refund.confirm(reason)}
        onCancel={refund.close}
      />
    </PageContainer>
  )
}
