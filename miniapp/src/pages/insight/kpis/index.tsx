import { useMemo, useState } from 'react'
import DealershipPicker from '../../../components/DealershipPicker'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import Chips from '../../../components/Chips'
import DataTable from '../../../components/DataTable'
import EChart from '../../../charts/EChart'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { useDealershipScope } from '../../../hooks/useDealershipScope'
import { exportKpisCsv, getKpis, getKpiTrend } from '../../../services/kpis'
import { errorMessage } from '../../../services/request'
import { can } from '../../../services/session'
import type { TierKey } from '../../../services/api-types'
import { complaintResponseText, kpiCards, monthLabel, movementRows, recentMonths, satisfactionText, tierBreakdown } from '../../../utils/kpi'
import { hasData, rateTrendOption, riskTrendOption, tierDistributionOption, tierMovementOption } from '../../../utils/kpi-charts'
import { TIER_KEY_LABELS } from '../../../utils/labels'
import AftercareKpis from './AftercareKpis'
import './index.scss'

const RANGE_OPTIONS = [
  { value: '6', label: '近6个月' },
  { value: '12', label: '近12个月' },
  { value: '24', label: '近24个月' }
]
const TIER_ORDER: TierKey[] = ['A', 'B', 'C', 'D', 'none']

/** KPI dashboard (managers, marketing, group admins): headline cards for a month, monthly trend charts, CSV. */
export default function KpiDashboardPage() {
  const session = useSession()
  const allowed = can(session, 'kpis.read')
  const scope = useDealershipScope(session)
  const [range, setRange] = useState('12')
  const months = useMemo(() => recentMonths(new Date(), 6), [])
  const [month, setMonth] = useState(months[0])
  const [exportMessage, setExportMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const [exporting, setExporting] = useState(false)
  const enabled = allowed && !scope.pending

  const trend = useAsync(() => getKpiTrend(Number(range), scope.dealershipId), [range, scope.dealershipId, enabled], enabled)
  const current = useAsync(() => getKpis({ month, dealershipId: scope.dealershipId }), [month, scope.dealershipId, enabled], enabled)

  const points = useMemo(() => trend.data?.points ?? [], [trend.data])
  const options = useMemo(() => {
    const labels = trend.data?.labels ?? {}
    return {
      rates: rateTrendOption(points, labels),
      risk: riskTrendOption(points, labels),
      tiers: tierDistributionOption(points),
      movement: tierMovementOption(points)
    }
  }, [points, trend.data])
  const kpis = current.data?.kpis
  const cards = kpis ? kpiCards(kpis) : []

  async function exportCsv() {
    setExportMessage(null)
    setExporting(true)
    try {
      await exportKpisCsv(Number(range), scope.dealershipId)
      setExportMessage({ ok: true, text: process.env.TARO_ENV === 'h5' ? '已下载 CSV' : '已生成 CSV，可转发到聊天保存' })
    } catch (e) {
      setExportMessage({ ok: false, text: errorMessage(e) })
    } finally {
      setExporting(false)
    }
  }

  const firstError = trend.error ?? current.error
  return (
    <PageContainer
      className="kpis e2e-page-kpis"
      require="staff"
      capability="kpis.read"
      loading={(trend.loading && !trend.data) || (current.loading && !current.data) || scope.pending}
      error={!trend.data && !current.data ? firstError : null}
      onRetry={() => {
        void trend.reload()
        void current.reload()
      }}
    >
      <DealershipPicker scope={scope} hook="e2e-kpi-dealership" />

      <Section title="本期指标" extra={<Text className="muted">{current.data ? `统计至 ${current.data.period.asOf}` : ''}</Text>}>
        <Chips hook="e2e-kpi-month" options={months.map((m) => ({ value: m, label: monthLabel(m, true) }))} value={month} onChange={setMonth} />
        {current.error ? <Text className="error-text e2e-kpi-error">{errorMessage(current.error)}</Text> : null}
        <View className="kpis__cards">
          {cards.map((card) => (
            <View key={card.key} className={`kpi-card kpi-card--${card.tone} e2e-kpi-card e2e-kpi-card-${card.key}`}>
              <Text className="kpi-card__label">{card.label}</Text>
              <Text className="kpi-card__value e2e-kpi-value">{card.value}</Text>
              <Text className="kpi-card__detail">{card.detail}</Text>
              <Text className="kpi-card__hint">{card.hint}</Text>
            </View>
          ))}
        </View>
        {kpis ? (
          <View className="kpis__pending e2e-kpi-tier-distribution">
            <Text className="hint">
              {kpis.tierDistribution.label}：{tierBreakdown(kpis.tierDistribution.counts)}
            </Text>
            <Text className="hint e2e-kpi-satisfaction">
              {kpis.satisfaction.label}：{satisfactionText(kpis.satisfaction)}
            </Text>
            <Text className="hint e2e-kpi-complaints">
              {kpis.complaintResponse.label}：{complaintResponseText(kpis.complaintResponse)}
            </Text>
          </View>
        ) : null}
      </Section>

      <Section
        title="月度趋势"
        extra={
          <Button
            size="small"
            type="primary"
            fill="outline"
            className="e2e-kpi-export"
            loading={exporting}
            disabled={exporting}
            onClick={() => void exportCsv()}
          >
            导出 CSV
          </Button>
        }
      >
        <Chips hook="e2e-kpi-range" options={RANGE_OPTIONS} value={range} onChange={setRange} />
        {exportMessage ? <Text className={`${exportMessage.ok ? 'success-text' : 'error-text'} e2e-kpi-export-message`}>{exportMessage.text}</Text> : null}
        {trend.error ? <Text className="error-text e2e-kpi-error">{errorMessage(trend.error)}</Text> : null}
        {trend.data ? (
          <View className="e2e-kpi-charts">
            <Text className="kpis__chart-title">绑定率 · 回厂率 · 保有率 · 流失率（A/B类流失率加粗标红）</Text>
            {hasData(points, 'rates') ? <EChart hook="e2e-kpi-chart-rates" option={options.rates} /> : <Text className="muted">暂无数据</Text>}
            <Text className="kpis__chart-title">准流失与流失客户数</Text>
            <EChart hook="e2e-kpi-chart-risk" option={options.risk} height={400} />
            <Text className="kpis__chart-title">客户等级分布（月末）</Text>
            {hasData(points, 'tiers') ? <EChart hook="e2e-kpi-chart-tiers" option={options.tiers} height={440} /> : <Text className="muted">尚未分级</Text>}
            <Text className="kpis__chart-title">等级异动（升级 / 降级人数）</Text>
            {hasData(points, 'movement') ? (
              <EChart hook="e2e-kpi-chart-movement" option={options.movement} height={400} />
            ) : (
              <Text className="muted">还没有分级记录，完成一次分级计算后显示等级变动</Text>
            )}
          </View>
        ) : null}
      </Section>

      <AftercareKpis months={Number(range)} dealershipId={scope.dealershipId} enabled={enabled} />

      {kpis ? (
        <Section title={kpis.tierMovement.label} className="e2e-kpi-movement-section">
          <Text className="hint">{kpis.tierMovement.hint}</Text>
          {kpis.tierMovement.available && kpis.tierMovement.matrix ? (
            <View>
              <Text className="hint e2e-kpi-movement-summary">
                升级 {kpis.tierMovement.matrix.upgraded} · 降级 {kpis.tierMovement.matrix.downgraded} · 不变 {kpis.tierMovement.matrix.unchanged} · 新增{' '}
                {kpis.tierMovement.matrix.added} · 移出 {kpis.tierMovement.matrix.removed}
              </Text>
              <DataTable
                hook="e2e-kpi-movement"
                rowKey={(row) => row.from}
                rows={movementRows(kpis.tierMovement.matrix.counts)}
                columns={[
                  { key: 'from', title: '原等级 → 现等级', width: 220, render: (row) => <Text>{TIER_KEY_LABELS[row.from]}</Text> },
                  ...TIER_ORDER.map((to, index) => ({
                    key: to,
                    title: TIER_KEY_LABELS[to],
                    width: 120,
                    render: (row: ReturnType<typeof movementRows>[number]) => <Text className={row.from === to ? 'muted' : ''}>{row.cells[index]}</Text>
                  }))
                ]}
              />
            </View>
          ) : (
            <Text className="muted e2e-kpi-movement-none">本期没有可比较的两次分级计算</Text>
          )}
        </Section>
      ) : null}
    </PageContainer>
  )
}
