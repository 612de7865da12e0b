import { View, Text } from '@tarojs/components'
import Section from '../../../components/Section'
import { useAsync } from '../../../hooks/useAsync'
import { getLiability, getReconciliation } from '../../../services/points'
import { ApiError, errorMessage } from '../../../services/request'
import { formatDateTime, formatMoney } from '../../../utils/format'

/** The points liability now and the latest nightly reconciliation (drift listed). */
export default function ReportsSection({ dealershipId }: { dealershipId: string }) {
  const liability = useAsync(() => getLiability(dealershipId), [dealershipId])
  const report = useAsync(() => getReconciliation(dealershipId), [dealershipId])
  const noReport = report.error instanceof ApiError && report.error.status === 404
  const l = liability.data
  const r = report.data
  return (
    <Section title="积分负债与对账" className="e2e-points-reports">
      {l ? (
        <Text className="hint e2e-points-liability">
          {l.accounts} 个账户，未使用积分 {l.outstandingPoints}，按每分 {formatMoney(l.valuePerPointFen)} 计负债 {formatMoney(l.liabilityFen)}
        </Text>
      ) : null}
      {liability.error ? <Text className="error-text">{errorMessage(liability.error)}</Text> : null}
      {r ? (
        <View className="e2e-points-reconciliation">
          <Text className="hint">
            {r.date} 对账：核对 {r.checkedAccounts} 个账户，{r.drift.length ? `${r.drift.length} 个账户有差异` : '无差异'}（{formatDateTime(r.checkedAt)}）
          </Text>
          {r.drift.map((d) => (
            <Text key={d.customerId} className="error-text">
              客户 {d.customerId}：余额 {d.balance}，流水合计 {d.sumOfEntries}，批次合计 {d.lots}，{d.problem}
            </Text>
          ))}
        </View>
      ) : null}
      {noReport ? <Text className="muted">暂无对账报告（每日 01:20 生成）</Text> : null}
      {report.error && !noReport ? <Text className="error-text">{errorMessage(report.error)}</Text> : null}
    </Section>
  )
}
