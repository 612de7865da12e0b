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
import { exportReminderFunnelCsv, getReminderFunnel } from '../../../services/reminderResults'
import { errorMessage } from '../../../services/request'
import { can } from '../../../services/session'
import type { AdvisorFunnelRow } from '../../../services/api-types'
import { formatRate, monthLabel, recentMonths } from '../../../utils/kpi'
import { funnelChartOption, monthPeriod } from '../../../utils/reminder-results'
import UpliftInterval from './UpliftInterval'
import './index.scss'

const decided = (s: { returned: number; missed: number }) => `${s.returned}/${s.returned + s.missed}`

const ADVISOR_COLUMNS = [
  { key: 'name', title: '顾问', width: 180, render: (r: AdvisorFunnelRow) => <Text>{r.advisorName}</Text> },
  { key: 'due', title: '到期', width: 100, render: (r: AdvisorFunnelRow) => <Text>{r.funnel.due}</Text> },
  { key: 'reminded', title: '已提醒', width: 110, render: (r: AdvisorFunnelRow) => <Text>{r.funnel.reminded}</Text> },
  { key: 'booked', title: '已预约', width: 110, render: (r: AdvisorFunnelRow) => <Text>{r.funnel.booked}</Text> },
  { key: 'arrived', title: '已到店', width: 110, render: (r: AdvisorFunnelRow) => <Text>{r.funnel.arrived}</Text> },
  { key: 'returned', title: '已回厂', width: 110, render: (r: AdvisorFunnelRow) => <Text>{r.funnel.returned}</Text> },
  { key: 'pending', title: '待定', width: 90, render: (r: AdvisorFunnelRow) => <Text>{r.funnel.pending}</Text> },
  {
    key: 'rate',
    title: '提醒组回厂率',
    width: 200,
    render: (r: AdvisorFunnelRow) => <Text>{`${formatRate(r.funnel.returnRate)}（${decided(r.funnel)}）`}</Text>
  },
  {
    key: 'control',
    title: '对照组回厂率',
    width: 200,
    render: (r: AdvisorFunnelRow) => <Text>{`${formatRate(r.control.returnRate)}（${decided(r.control)}）`}</Text>
  }
]

/** Reminder results (managers, marketing, group admins): the funnel of a month's due vehicles, the uplift, per advisor, CSV. */
export default function ReminderResultsPage() {
  const session = useSession()
  const allowed = can(session, 'reminders.results')
  const scope = useDealershipScope(session)
  const months = useMemo(() => recentMonths(new Date(), 6), [])
  const [month, setMonth] = useState(months[0])
  const [exportMessage, setExportMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const [exporting, setExporting] = useState(false)
  const enabled = allowed && !scope.pending
  const query = useMemo(() => ({ ...monthPeriod(month), dealershipId: scope.dealershipId }), [month, scope.dealershipId])
  const result = useAsync(() => getReminderFunnel(query), [query, enabled], enabled)
  const data = result.data
  const chart = useMemo(() => (data ? funnelChartOption(data.funnel, data.control) : null), [data])

  async function exportCsv() {
    setExportMessage(null)
    setExporting(true)
    try {
      await exportReminderFunnelCsv(query)
      setExportMessage({ ok: true, text: process.env.TARO_ENV === 'h5' ? '已下载 CSV' : '已生成 CSV，可转发到聊天保存' })
    } catch (e) {
      setExportMessage({ ok: false, text: errorMessage(e) })
    } finally {
      setExporting(false)
    }
  }

  return (
    <PageContainer
      className="reminder-results e2e-page-reminder-results"
      require="staff"
      capability="reminders.results"
      loading={(result.loading && !data) || scope.pending}
      error={!data ? result.error : null}
      onRetry={() => void result.reload()}
    >
      <DealershipPicker scope={scope} hook="e2e-reminder-dealership" />

      <Section
        title="保养到期月份"
        extra={
          <Button
            size="small"
            type="primary"
            fill="outline"
            className="e2e-reminder-export"
            loading={exporting}
            disabled={exporting}
            onClick={() => void exportCsv()}
          >
            导出 CSV
          </Button>
        }
      >
        <Chips hook="e2e-reminder-month" options={months.map((m) => ({ value: m, label: monthLabel(m, true) }))} value={month} onChange={setMonth} />
        {data ? (
          <Text className="hint reminder-results__period e2e-reminder-period">
            到期日 {data.period.from} 至 {data.period.to}，统计至 {data.period.asOf}；预约与回厂计入提醒开始日至到期后 {data.returnWindowDays} 天
          </Text>
        ) : null}
        {exportMessage ? <Text className={`${exportMessage.ok ? 'success-text' : 'error-text'} e2e-reminder-export-message`}>{exportMessage.text}</Text> : null}
        {result.error && data ? <Text className="error-text">{errorMessage(result.error)}</Text> : null}
      </Section>

      {data && chart ? (
        <Section title="提醒漏斗：到期 → 提醒 → 预约 → 到店 → 回厂" className="e2e-reminder-funnel">
          <View className="reminder-results__rates">
            <View className="reminder-results__rate e2e-reminder-rate-reminded">
              <Text className="hint">提醒组回厂率</Text>
              <Text className="reminder-results__rate-value">{formatRate(data.funnel.returnRate)}</Text>
              <Text className="hint">
                {decided(data.funnel)} 辆已有结果 · 待定 {data.funnel.pending}
              </Text>
            </View>
            <View className="reminder-results__rate e2e-reminder-rate-control">
              <Text className="hint">对照组（不提醒）回厂率</Text>
              <Text className="reminder-results__rate-value">{formatRate(data.control.returnRate)}</Text>
              <Text className="hint">
                {decided(data.control)} 辆已有结果 · 待定 {data.control.pending}
              </Text>
            </View>
          </View>
          {data.funnel.due + data.control.due > 0 ? (
            <EChart hook="e2e-reminder-chart-funnel" option={chart} height={440} />
          ) : (
            <Text className="muted e2e-reminder-empty">本月没有到期保养的车辆</Text>
          )}
        </Section>
      ) : null}

      {data ? (
        <Section title="提醒效果（与对照组比较）" className="e2e-reminder-uplift">
          <Text className="reminder-results__sentence e2e-reminder-uplift-sentence">{data.uplift.sentence}</Text>
          <UpliftInterval uplift={data.uplift} />
        </Section>
      ) : null}

      {data ? (
        <Section title="按服务顾问">
          <DataTable
            hook="e2e-reminder-advisors"
            rowKey={(row) => row.advisorId ?? 'none'}
            rows={data.advisors}
            columns={ADVISOR_COLUMNS}
            emptyText="本月没有到期保养的车辆"
          />
        </Section>
      ) : null}
    </PageContainer>
  )
}
