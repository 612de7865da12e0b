import { useEffect, useRef, useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import Field from '../../../components/Field'
import Chips from '../../../components/Chips'
import DataTable from '../../../components/DataTable'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { listCareRules, listDispatches, type DispatchQuery } from '../../../services/care'
import { can } from '../../../services/session'
import type { DispatchStatus } from '../../../services/api-types'
import { formatDateTime, labelOf } from '../../../utils/format'
import { occasionLabel } from '../../../utils/care'
import { CHANNEL_KIND_LABELS, DISPATCH_REASON_LABELS, DISPATCH_STATUSES, DISPATCH_STATUS_LABELS } from '../../../utils/labels'
import '../care.scss'

const PAGE_SIZE = 20
const STATUS_OPTIONS = [{ value: 'all', label: '全部' }, ...DISPATCH_STATUSES.map((s) => ({ value: s, label: DISPATCH_STATUS_LABELS[s] }))]

/** The dispatch log: one row per (rule, customer, occasion) with its status and reason. */
export default function DispatchesPage() {
  const { params } = useRouter()
  const dealershipId = params.dealershipId || undefined
  const session = useSession()
  const enabled = can(session, 'care.read')
  const [date, setDate] = useState(params.date ?? '')
  const [status, setStatus] = useState<string>('all')
  const [ruleId, setRuleId] = useState('all')
  const [query, setQuery] = useState<DispatchQuery>({ dealershipId, page: 1, pageSize: PAGE_SIZE, date: params.date || undefined })
  const [dateError, setDateError] = useState<string | null>(null)
  const rules = useAsync(() => listCareRules(dealershipId), [dealershipId, enabled], enabled)
  const log = useAsync(() => listDispatches(query), [query, enabled], enabled)

  const mounted = useRef(false)
  const latestSearch = useRef(search)
  latestSearch.current = search
  useEffect(() => {
    // A status or rule chip applies at once (the first query is already running).
    if (mounted.current) latestSearch.current()
    mounted.current = true
  }, [status, ruleId])

  function search() {
    const d = date.trim()
    if (d && !/^\d{4}-\d{2}-\d{2}$/.test(d)) {
      setDateError('请按 年-月-日 填写，例如 2026-10-01')
      return
    }
    setDateError(null)
    setQuery({
      dealershipId,
      date: d || undefined,
      status: status === 'all' ? undefined : (status as DispatchStatus),
      ruleId: ruleId === 'all' ? undefined : ruleId,
      page: 1,
      pageSize: PAGE_SIZE
    })
  }

  const data = log.data
  const page = data?.page ?? 1
  const pages = data ? Math.max(1, Math.ceil(data.total / (data.pageSize || PAGE_SIZE))) : 1

  return (
    <PageContainer
      className="e2e-page-care-dispatches"
      require="staff"
      capability="care.read"
      loading={log.loading && !data}
      error={log.error}
      onRetry={() => void log.reload()}
    >
      <Section>
        <Field
          label="执行日期（留空 = 全部）"
          className="e2e-dispatch-date"
          value={date}
          maxlength={10}
          placeholder="YYYY-MM-DD"
          error={dateError}
          onChange={setDate}
          onConfirm={search}
        />
        <Chips label="状态" hook="e2e-dispatch-status" options={STATUS_OPTIONS} value={status} onChange={setStatus} />
        <Chips
          label="规则"
          hook="e2e-dispatch-rule"
          options={[{ value: 'all', label: '全部规则' }, ...(rules.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }))]}
          value={ruleId}
          onChange={setRuleId}
        />
        <View className="actions">
          <Button type="primary" className="e2e-dispatch-search" onClick={search}>
            查询
          </Button>
        </View>
      </Section>
      <Section title={`共 ${data?.total ?? 0} 条`}>
        <DataTable
          hook="e2e-dispatch-table"
          rows={data?.items ?? []}
          rowKey={(row) => row.id}
          emptyText="没有符合条件的记录"
          columns={[
            { key: 'customer', title: '客户', width: 160, render: (row) => <Text>{row.customer.name}</Text> },
            { key: 'ruleName', title: '规则', width: 220 },
            { key: 'occasion', title: '时机', width: 200, render: (row) => <Text>{`${occasionLabel(row.occasion)} ${row.occasionDate}`}</Text> },
            { key: 'channel', title: '渠道', width: 170, render: (row) => <Text>{labelOf(CHANNEL_KIND_LABELS, row.channel)}</Text> },
            {
              key: 'status',
              title: '状态',
              width: 140,
              render: (row) => (
                <Text className={`dispatch-status dispatch-status--${row.status} e2e-dispatch-row-status e2e-dispatch-row-status-${row.status}`}>
                  {DISPATCH_STATUS_LABELS[row.status]}
                </Text>
              )
            },
            {
              key: 'reason',
              title: '原因',
              width: 320,
              render: (row) => (
                <Text>
                  {row.reason ? labelOf(DISPATCH_REASON_LABELS, row.reason) : '—'}
                  {row.errcode !== null ? `（${row.errcode}${row.errmsg ? ` ${row.errmsg}` : ''}）` : ''}
                </Text>
              )
            },
            { key: 'attempts', title: '尝试', width: 90 },
            { key: 'sentAt', title: '发送时间', width: 220, render: (row) => <Text>{formatDateTime(row.sentAt ?? row.sendAt)}</Text> }
          ]}
        />
        <View className="care__pager">
          <Button size="small" className="e2e-dispatch-prev" disabled={page <= 1 || log.loading} onClick={() => setQuery((q) => ({ ...q, page: page - 1 }))}>
            上一页
          </Button>
          <Text className="muted e2e-dispatch-page">
            {page} / {pages}
          </Text>
          <Button
            size="small"
            className="e2e-dispatch-next"
            disabled={page >= pages || log.loading}
            onClick={() => setQuery((q) => ({ ...q, page: page + 1 }))}
          >
            下一页
          </Button>
        </View>
      </Section>
    </PageContainer>
  )
}
