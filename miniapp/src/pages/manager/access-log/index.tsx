import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import Field from '../../../components/Field'
import Chips from '../../../components/Chips'
import DataTable, { type Column } from '../../../components/DataTable'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { listAccessLog } from '../../../services/accessLog'
import { listStaff } from '../../../services/staff'
import { can } from '../../../services/session'
import type { AccessAction, AccessLogEntry, AccessLogQuery } from '../../../services/api-types'
import { ACCESS_ACTION_LABELS, formatDateTime, labelOf } from '../../../utils/format'
import './index.scss'

const ACTIONS = [
  { value: 'all', label: '全部' },
  { value: 'view', label: '查看档案' },
  { value: 'export', label: '导出' }
] as const

const COLUMNS: ReadonlyArray<Column<AccessLogEntry>> = [
  { key: 'at', title: '时间', width: 220, render: (row) => <Text>{formatDateTime(row.at)}</Text> },
  { key: 'staff', title: '员工', width: 150, render: (row) => <Text>{row.staff?.name ?? '—'}</Text> },
  { key: 'action', title: '操作', width: 140, render: (row) => <Text>{labelOf(ACCESS_ACTION_LABELS, row.action)}</Text> },
  { key: 'customer', title: '客户', width: 150, render: (row) => <Text>{row.customer?.name ?? '—'}</Text> },
  { key: 'detail', title: '详情', width: 260 }
]

export default function AccessLogPage() {
  const session = useSession()
  const manager = can(session, 'access-log.read')
  const [action, setAction] = useState<'all' | AccessAction>('all')
  const [staffId, setStaffId] = useState('all')
  const [customerId, setCustomerId] = useState('')
  const [query, setQuery] = useState<AccessLogQuery>({ page: 1 })
  const staff = useAsync(() => listStaff(), [manager], manager)
  const log = useAsync(() => listAccessLog(query), [manager, query], manager)

  const page = query.page ?? 1
  const pageSize = log.data?.pageSize ?? 20
  const total = log.data?.total ?? 0
  const pages = Math.max(1, Math.ceil(total / pageSize))
  const staffOptions = [{ value: 'all', label: '全部员工' }, ...(staff.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))]

  function search() {
    setQuery({
      page: 1,
      action: action === 'all' ? undefined : action,
      staffId: staffId === 'all' ? undefined : staffId,
      customerId: customerId.trim() || undefined
    })
  }

  return (
    <PageContainer
      className="e2e-page-manager-access-log"
      require="staff"
      capability="access-log.read"
      loading={log.loading && !log.data}
      error={log.error}
      onRetry={() => void log.reload()}
    >
      <Section title="筛选">
        <Chips label="操作" hook="e2e-log-action" options={ACTIONS} value={action} onChange={setAction} />
        <Chips label="员工" hook="e2e-log-staff" options={staffOptions} value={staffId} onChange={setStaffId} />
        <Field label="客户编号（选填）" className="e2e-log-customer" value={customerId} onChange={setCustomerId} maxlength={40} onConfirm={search} />
        <View className="actions">
          <Button type="primary" className="e2e-log-search" onClick={search}>
            查询
          </Button>
        </View>
      </Section>
      <Section title={`记录（共 ${total} 条）`}>
        <DataTable hook="e2e-log-table" columns={COLUMNS} rows={log.data?.items ?? []} rowKey={(row) => row.id} emptyText="没有符合条件的记录" />
        <View className="access-log__pager">
          <Button size="small" className="e2e-log-prev" disabled={page <= 1 || log.loading} onClick={() => setQuery((q) => ({ ...q, page: page - 1 }))}>
            上一页
          </Button>
          <Text className="muted e2e-log-page">
            第 {page} / {pages} 页
          </Text>
          <Button size="small" className="e2e-log-next" disabled={page >= pages || log.loading} onClick={() => setQuery((q) => ({ ...q, page: page + 1 }))}>
            下一页
          </Button>
        </View>
      </Section>
    </PageContainer>
  )
}
