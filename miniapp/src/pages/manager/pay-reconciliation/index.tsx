import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import DealershipPicker from '../../../components/DealershipPicker'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import { useAsync } from '../../../hooks/useAsync'
import { useDealershipScope } from '../../../hooks/useDealershipScope'
import { useSession } from '../../../hooks/useSession'
import { getPayReconciliation, runPayReconciliation } from '../../../services/pay'
import { useSave } from '../../../hooks/useSave'
import type { PayAnomaly } from '../../../services/api-types'
import { formatDateTime, formatMoney } from '../../../utils/format'
import { PAY_ANOMALY_LABELS } from '../../../utils/pay'

function amounts(a: PayAnomaly): string | null {
  if (a.amountFen === null && a.expectedFen === null) return null
  return `微信支付 ${formatMoney(a.amountFen)}，订单应付 ${formatMoney(a.expectedFen)}`
}

/**
 * Manager: what the reconciliation job found — orders paid without a notification (fulfilled
 * from WeChat's order query), notifications for unknown orders, amounts that do not match.
 */
export default function ManagerPayReconciliationPage() {
  const session = useSession()
  const scope = useDealershipScope(session)
  const report = useAsync(() => getPayReconciliation(scope.dealershipId), [scope.dealershipId], !scope.pending)
  const r = report.data
  const run = useSave()
  const runNow = async () => {
    const fresh = await run.save(() => runPayReconciliation(scope.dealershipId), '对账完成')
    if (fresh) report.setData(fresh)
  }
  return (
    <PageContainer
      className="e2e-page-manager-pay-reconciliation"
      require="staff"
      capability="pay.orders"
      loading={scope.pending || (report.loading && !r)}
      error={report.error}
      onRetry={() => void report.reload()}
    >
      <DealershipPicker scope={scope} hook="e2e-pay-reconciliation-dealership" />
      {r ? (
        <Section title="对账概况" className="e2e-pay-reconciliation-summary">
          <Text className="hint">待支付订单 {r.pendingOrders} 笔</Text>
          {r.lastRun ? (
            <Text className="hint e2e-pay-reconciliation-last-run">
              最近对账 {formatDateTime(r.lastRun.at)}：向微信查单 {r.lastRun.queried} 笔，补发 {r.lastRun.fulfilled} 笔，关闭 {r.lastRun.closed} 笔
            </Text>
          ) : (
            <Text className="muted">尚未运行对账</Text>
          )}
          {run.message ? <Text className={`${run.message.ok ? 'success-text' : 'error-text'} e2e-pay-reconciliation-message`}>{run.message.text}</Text> : null}
          <Button size="small" className="e2e-pay-reconciliation-run" loading={run.saving} onClick={() => void runNow()}>
            立即对账
          </Button>
        </Section>
      ) : null}
      {r ? (
        <Section title={`异常 ${r.anomalies.length} 条`} className="e2e-pay-anomalies">
          {r.anomalies.length === 0 ? <Text className="muted">没有异常</Text> : null}
          {r.anomalies.map((a) => (
            <View key={a.id} className={`list-item e2e-pay-anomaly e2e-pay-anomaly-${a.kind}`}>
              <Text className="list-item__title">{PAY_ANOMALY_LABELS[a.kind]}</Text>
              <Text className="list-item__meta">
                {a.outTradeNo}
                {a.transactionId ? ` · 微信支付单号 ${a.transactionId}` : ''} · {formatDateTime(a.at)}
              </Text>
              {amounts(a) ? <Text className="hint">{amounts(a)}</Text> : null}
            </View>
          ))}
        </Section>
      ) : null}
    </PageContainer>
  )
}
