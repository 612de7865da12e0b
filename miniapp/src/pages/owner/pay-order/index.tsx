import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import VoucherCode from '../../../components/VoucherCode'
import { useAsync } from '../../../hooks/useAsync'
import { getShop } from '../../../services/points'
import { getMyPayOrder } from '../../../services/pay'
import { ApiError } from '../../../services/request'
import { formatDateTime } from '../../../utils/format'
import { HAS_WECHAT_CASHIER, PAY_ORDER_STATE_LABELS, cashPrice, orderPrice } from '../../../utils/pay'
import { REWARD_KIND_LABELS } from '../../../utils/points'
import { ROUTES } from '../../../utils/routes'
import { useOrderPayment } from './use-order-payment'
import './index.scss'

/**
 * 确认订单: `?itemId=&dealershipId=` buys a cash (or points+cash) item; `?orderId=` continues
 * an order. Pays in the WeChat cashier, or with 模拟支付 in the H5 demo; shows the voucher
 * once the server has it.
 */
export default function PayOrderPage() {
  const { params } = useRouter()
  const itemId = params.itemId ?? ''
  const orderId = params.orderId ?? ''
  const shop = useAsync(() => getShop(params.dealershipId ?? ''), [params.dealershipId], itemId !== '' && !!params.dealershipId)
  const existing = useAsync(() => getMyPayOrder(orderId), [orderId], orderId !== '')
  const orderGone = existing.error instanceof ApiError && existing.error.status === 404
  const { order, step, message, buy, payPending } = useOrderPayment(existing.data ?? null)
  const item = shop.data?.items.find((i) => i.id === itemId)
  const busy = step === 'ordering' || step === 'paying' || step === 'confirming'
  const go = (url: string) => void Taro.redirectTo({ url })

  return (
    <PageContainer
      className="e2e-page-owner-pay-order"
      require="owner"
      loading={(shop.loading && !shop.data) || (existing.loading && !existing.data)}
      error={shop.error ?? (orderGone ? null : existing.error)}
      empty={(itemId !== '' && shop.data !== undefined && !item && !order) || orderGone}
      emptyText="商品已下架或订单不存在"
    >
      {item && !order ? (
        <Section title={item.name} className="e2e-pay-item">
          <Text className="tag">{REWARD_KIND_LABELS[item.kind]}</Text>
          {item.kind === 'package' ? <Text className="tag">共 {item.uses} 次</Text> : null}
          {item.description ? <Text className="hint">{item.description}</Text> : null}
          <Text className="pay-order__amount e2e-pay-amount">{cashPrice(item.price)}</Text>
          <Text className="hint">支付后发放券码，{item.validDays} 天内有效；未使用可申请退款</Text>
          <Button type="primary" block className="e2e-pay-confirm" loading={busy} onClick={() => void buy(item.id)}>
            {HAS_WECHAT_CASHIER ? '微信支付' : '提交订单'}
          </Button>
        </Section>
      ) : null}
      {order ? (
        <Section title={order.item.name} className={`e2e-pay-order e2e-pay-order-${order.state}`}>
          <Text className="pay-order__amount e2e-pay-amount">{orderPrice(order)}</Text>
          <Text className="tag e2e-pay-order-state">{PAY_ORDER_STATE_LABELS[order.state]}</Text>
          <Text className="hint">订单号 {order.outTradeNo}</Text>
          {order.state === 'pending' ? <Text className="hint">请在 {formatDateTime(order.expiresAt)} 前完成支付，逾期订单自动关闭</Text> : null}
          {order.state === 'pending' && step !== 'confirming' ? (
            <View className="pay-order__actions">
              {HAS_WECHAT_CASHIER ? (
                <Button type="primary" block className="e2e-pay-wechat" loading={busy} onClick={() => void payPending(order)}>
                  微信支付
                </Button>
              ) : (
                <>
                  <Text className="hint">演示模式：浏览器中没有微信收银台，点击模拟支付即视为车主已付款</Text>
                  <Button type="primary" block className="e2e-pay-demo" loading={busy} onClick={() => void payPending(order)}>
                    模拟支付
                  </Button>
                </>
              )}
            </View>
          ) : null}
          {step === 'confirming' ? <Text className="hint e2e-pay-confirming">正在确认支付结果…</Text> : null}
          {order.voucher ? (
            <View className="e2e-pay-voucher">
              <Text className="hint">支付成功，券码已发放</Text>
              <VoucherCode code={order.voucher.code} />
            </View>
          ) : null}
        </Section>
      ) : null}
      {message ? <Text className="error-text e2e-pay-message">{message}</Text> : null}
      <View className="pay-order__actions">
        <Button className="e2e-pay-to-orders" onClick={() => go(ROUTES.ownerPayOrders)}>
          我的订单
        </Button>
        {order?.voucher ? (
          <Button className="e2e-pay-to-vouchers" onClick={() => go(ROUTES.ownerVouchers)}>
            我的券
          </Button>
        ) : null}
      </View>
    </PageContainer>
  )
}
