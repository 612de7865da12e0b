import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import VoucherCode from '../../../components/VoucherCode'
import { useAsync } from '../../../hooks/useAsync'
import { useRefundDialog } from '../../../hooks/useRefundDialog'
import { useSession } from '../../../hooks/useSession'
import { askForRefund, getMyPayOrders } from '../../../services/pay'
import type { PayOrder } from '../../../services/api-types'
import { formatDateTime } from '../../../utils/format'
import { PAY_CLOSE_REASON_LABELS, PAY_ORDER_STATE_LABELS, orderPrice } from '../../../utils/pay'
import { ROUTES, withQuery } from '../../../utils/routes'
import RefundDialog from '../../../components/RefundDialog'
import './index.scss'

/** What the owner reads under an order about its refund. */
function refundLine(order: PayOrder): string | null {
  if (order.state === 'refunded') return `已退款${order.refundedAt ? `（${formatDateTime(order.refundedAt)}）` : ''}，款项原路退回微信零钱或银行卡`
  if (order.state === 'refunding') return '退款处理中，款项将原路退回'
  if (order.state === 'refund_failed') return '退款未成功，门店会与您联系'
  if (order.refundRequest) return `已申请退款（${order.refundRequest.reason}），等待门店处理`
  return null
}

/** 我的订单: each WeChat Pay order with its state, the voucher once paid, and 申请退款 for unused items. */
export default function MyPayOrdersPage() {
  const session = useSession()
  const isOwner = session?.kind === 'owner'
  const orders = useAsync(() => getMyPayOrders(), [isOwner], isOwner)
  useDidShow(() => {
    if (isOwner && orders.data) void orders.reload()
  })
  const refund = useRefundDialog(async (order: PayOrder, reason: string) => {
    await askForRefund(order.id, reason)
    return '已提交退款申请，门店确认后原路退款'
  }, orders.reload)
  const { message } = refund
  const refunding = refund.order

  const items = orders.data?.items ?? []
  return (
    <PageContainer
      className="e2e-page-owner-pay-orders"
      require="owner"
      loading={orders.loading && !orders.data}
      error={orders.error}
      empty={orders.data !== undefined && items.length === 0}
      emptyText="还没有订单，去积分商城看看吧"
      onRetry={() => void orders.reload()}
    >
      {message ? <Text className={`${message.ok ? 'hint' : 'error-text'} e2e-pay-orders-message`}>{message.text}</Text> : null}
      {items.map((order) => {
        const refundText = refundLine(order)
        return (
          <Section key={order.id} title={order.item.name} className={`e2e-pay-order e2e-pay-order-${order.state}`}>
            <Text className="tag e2e-pay-order-state">{PAY_ORDER_STATE_LABELS[order.state]}</Text>
            <Text className="list-item__title e2e-pay-order-amount">{orderPrice(order)}</Text>
            <Text className="list-item__meta">
              下单 {formatDateTime(order.createdAt)}
              {order.paidAt ? ` · 支付 ${formatDateTime(order.paidAt)}` : ''}
            </Text>
            {order.state === 'closed' && order.closeReason ? <Text className="hint">{PAY_CLOSE_REASON_LABELS[order.closeReason]}</Text> : null}
            {order.voucher && order.state === 'fulfilled' ? <VoucherCode code={order.voucher.code} /> : null}
            {refundText ? <Text className="hint e2e-pay-order-refund">{refundText}</Text> : null}
            <View className="pay-orders__actions">
              {order.state === 'pending' ? (
                <Button
                  type="primary"
                  size="small"
                  className="e2e-pay-order-continue"
                  onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.ownerPayOrder, { orderId: order.id }) })}
                >
                  继续支付
                </Button>
              ) : null}
              {order.state === 'fulfilled' && !order.refundRequest ? (
                <Button size="small" className="e2e-pay-order-refund-ask" onClick={() => refund.open(order)}>
                  申请退款
                </Button>
              ) : null}
            </View>
          </Section>
        )
      })}
      <RefundDialog
        key={refunding?.id ?? 'none'}
        subject={refunding ? `「${refunding.item.name}」${orderPrice(refunding)}` : null}
        title="申请退款"
        note="仅未使用的券可退款；门店确认后全额原路退回，所用积分一并退还。"
        busy={refund.busy}
        onConfirm={(reason) => void refund.confirm(reason)}
        onCancel={refund.close}
      />
    </PageContainer>
  )
}
