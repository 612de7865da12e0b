import { useMemo, useState } from 'react'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Section from '../../../components/Section'
import EChart from '../../../charts/EChart'
import { useAsync } from '../../../hooks/useAsync'
import { exportAftercareKpisCsv, getAftercareKpis } from '../../../services/kpis'
import { errorMessage } from '../../../services/request'
import { complaintTimesOption, groupChartHeight, satisfactionGroupsOption, satisfactionTrendOption } from '../../../utils/aftercare-charts'

interface Props {
  months: number
  dealershipId?: string
  enabled: boolean
}

/** 满意度与投诉: satisfaction by month, advisor and service type, complaint times by month, and their CSV. */
export default function AftercareKpis({ months, dealershipId, enabled }: Props) {
  const report = useAsync(() => getAftercareKpis(months, dealershipId), [months, dealershipId, enabled], enabled)
  const [exportMessage, setExportMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const [exporting, setExporting] = useState(false)
  const data = report.data
  const options = useMemo(
    () =>
      data
        ? {
            trend: satisfactionTrendOption(data.months),
            times: complaintTimesOption(data.months),
            advisors: satisfactionGroupsOption(data.range.satisfaction.byAdvisor),
            types: satisfactionGroupsOption(data.range.satisfaction.byServiceType.map((t) => ({ ...t, name: t.label })))
          }
        : null,
    [data]
  )

  async function exportCsv() {
    setExportMessage(null)
    setExporting(true)
    try {
      await exportAftercareKpisCsv(months, dealershipId)
      setExportMessage({ ok: true, text: process.env.TARO_ENV === 'h5' ? '已下载 CSV' : '已生成 CSV，可转发到聊天保存' })
    } catch (e) {
      setExportMessage({ ok: false, text: errorMessage(e) })
    } finally {
      setExporting(false)
    }
  }

  const answered = data ? data.range.satisfaction.answers > 0 : false
  const complained = data ? data.months.some((m) => m.complaints.acknowledged > 0 || m.complaints.resolved > 0) : false
  return (
    <Section
      title="满意度与投诉"
      className="e2e-kpi-aftercare"
      extra={
        <Button
          size="small"
          type="primary"
          fill="outline"
          className="e2e-kpi-aftercare-export"
          loading={exporting}
          disabled={exporting || !data}
          onClick={() => void exportCsv()}
        >
          导出 CSV
        </Button>
      }
    >
      {exportMessage ? (
        <Text className={`${exportMessage.ok ? 'success-text' : 'error-text'} e2e-kpi-aftercare-export-message`}>{exportMessage.text}</Text>
      ) : null}
      {report.error ? <Text className="error-text e2e-kpi-error">{errorMessage(report.error)}</Text> : null}
      {report.loading && !data ? <Text className="muted">加载中…</Text> : null}
      {data && options ? (
        <View className="e2e-kpi-aftercare-charts">
          <Text className="hint e2e-kpi-aftercare-summary">
            {data.from} 至 {data.to}：
            {answered
              ? `平均满意度 ${data.range.satisfaction.average?.toFixed(2) ?? '—'} 分 · ${data.range.satisfaction.answers} 份答卷 · 低分 ${data.range.satisfaction.lowScores}`
              : '暂无答卷'}{' '}
            · 新增投诉 {data.range.complaints.opened} 件
          </Text>
          <Text className="kpis__chart-title">满意度（月度平均分与答卷数）</Text>
          {answered ? <EChart hook="e2e-kpi-chart-satisfaction" option={options.trend} height={400} /> : <Text className="muted">暂无答卷</Text>}
          <Text className="kpis__chart-title">服务顾问满意度</Text>
          {answered ? (
            <EChart hook="e2e-kpi-chart-advisors" option={options.advisors} height={groupChartHeight(data.range.satisfaction.byAdvisor.length)} />
          ) : (
            <Text className="muted">暂无答卷</Text>
          )}
          <Text className="kpis__chart-title">服务类型满意度</Text>
          {answered ? (
            <EChart hook="e2e-kpi-chart-service-types" option={options.types} height={groupChartHeight(data.range.satisfaction.byServiceType.length)} />
          ) : (
            <Text className="muted">暂无答卷</Text>
          )}
          <Text className="kpis__chart-title">投诉平均受理 / 解决时长（小时）</Text>
          {complained ? <EChart hook="e2e-kpi-chart-complaints" option={options.times} height={400} /> : <Text className="muted">暂无已受理的投诉</Text>}
        </View>
      ) : null}
    </Section>
  )
}
