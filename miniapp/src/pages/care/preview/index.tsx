import { useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import Field from '../../../components/Field'
import DataTable from '../../../components/DataTable'
import { useSession } from '../../../hooks/useSession'
import { previewCare } from '../../../services/care'
import { errorMessage } from '../../../services/request'
import type { CarePreview } from '../../../services/api-types'
import { formatDateTime, labelOf } from '../../../utils/format'
import { occasionLabel } from '../../../utils/care'
import { CHANNEL_KIND_LABELS, DISPATCH_REASON_LABELS, PREVIEW_OUTCOME_LABELS } from '../../../utils/labels'
import { shanghaiDatePlus } from '../../../utils/tier'
import '../care.scss'

/** Dry run of the care engine: who would get what on a date (writes nothing, sends nothing). */
export default function CarePreviewPage() {
  const { params } = useRouter()
  const dealershipId = params.dealershipId || undefined
  useSession()
  const [date, setDate] = useState(params.date || shanghaiDatePlus(new Date(), 0))
  const [result, setResult] = useState<CarePreview | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function run() {
    setError(null)
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date.trim())) {
      setError('请按 年-月-日 填写日期，例如 2026-10-01')
      return
    }
    setBusy(true)
    try {
      setResult(await previewCare(date.trim(), dealershipId))
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const outcomeText = (outcomes: Record<string, number>) =>
    Object.keys(outcomes)
      .filter((k) => outcomes[k] > 0)
      .map((k) => `${labelOf(PREVIEW_OUTCOME_LABELS, k)} ${outcomes[k]}`)
      .join(' · ') || '无'

  return (
    <PageContainer className="e2e-page-care-preview" require="staff" capability="care.read">
      <Section title="预览某天的关怀发送">
        <Text className="hint">按当前规则模拟该日的发送：谁会收到什么、通过什么渠道；不会写入记录或发送消息。</Text>
        <Field label="日期" className="e2e-preview-date" value={date} maxlength={10} placeholder="YYYY-MM-DD" onChange={setDate} onConfirm={() => void run()} />
        <View className="actions">
          <Button type="primary" className="e2e-preview-run" loading={busy} disabled={busy} onClick={() => void run()}>
            预览
          </Button>
        </View>
        {error ? <Text className="error-text e2e-preview-error">{error}</Text> : null}
      </Section>
      {result ? (
        <View className="e2e-preview-result">
          <Section title={`${result.date} 共 ${result.items.length} 条${result.truncated ? '（仅显示前一部分）' : ''}`}>
            {result.rules.length === 0 ? <Text className="muted e2e-preview-empty">这一天没有要发送的关怀</Text> : null}
            {result.rules.map((rule) => (
              <View key={rule.ruleId} className="care__summary-row e2e-preview-rule">
                <Text className="list-item__title">{rule.name}</Text>
                <Text className="list-item__meta">
                  {occasionLabel(rule.occasion)}
                  {rule.occasionDate ? ` · 日期 ${rule.occasionDate}` : ''} · 共 {rule.total} 人
                </Text>
                <Text className="list-item__meta">{outcomeText(rule.outcomes)}</Text>
              </View>
            ))}
          </Section>
          {result.items.length ? (
            <Section title="明细">
              <DataTable
                hook="e2e-preview-table"
                rows={result.items}
                rowKey={(row, i) => `${row.ruleId}-${row.customerId}-${i}`}
                columns={[
                  { key: 'customerName', title: '客户', width: 160 },
                  { key: 'ruleName', title: '规则', width: 220 },
                  { key: 'channel', title: '渠道', width: 180, render: (row) => <Text>{labelOf(CHANNEL_KIND_LABELS, row.channel)}</Text> },
                  { key: 'outcome', title: '结果', width: 150, render: (row) => <Text>{labelOf(PREVIEW_OUTCOME_LABELS, row.outcome)}</Text> },
                  { key: 'reason', title: '原因', width: 300, render: (row) => <Text>{row.reason ? labelOf(DISPATCH_REASON_LABELS, row.reason) : '—'}</Text> },
                  { key: 'sendAt', title: '计划发送', width: 220, render: (row) => <Text>{formatDateTime(row.sendAt)}</Text> }
                ]}
              />
            </Section>
          ) : null}
        </View>
      ) : null}
    </PageContainer>
  )
}
