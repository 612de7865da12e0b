import { useCallback, useEffect, useRef, useState } from 'react'
import Taro, { useReachBottom, useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import Field from '../../../components/Field'
import CustomerFilter from '../../../components/CustomerFilter'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { exportCustomersCsv, searchCustomers } from '../../../services/customers'
import { createSegment } from '../../../services/segments'
import { listStaff } from '../../../services/staff'
import { logout } from '../../../services/auth'
import { errorMessage } from '../../../services/request'
import { can } from '../../../services/session'
import StaffMenu from '../../../components/StaffMenu'
import { STAFF_SHORTCUTS } from '../../../utils/menus'
import type { CustomerQuery, CustomerSummary } from '../../../services/api-types'
import type { SegmentFilter } from '../../../services/api-types'
import { formatDate, ROLE_LABELS } from '../../../utils/format'
import { activeConditionCount, describeFilter, isFilterEmpty, normalizeFilter, queryToFilter } from '../../../utils/segment-filter'
import { ROUTES, withQuery } from '../../../utils/routes'
import './index.scss'

const PAGE_SIZE = 20

interface ListState {
  items: CustomerSummary[]
  total: number
  page: number
}

interface Applied {
  query: CustomerQuery
  filter: SegmentFilter
}

export default function CustomersPage() {
  const { params } = useRouter()
  const session = useSession()
  const staff = session?.kind === 'staff' ? session.staff : null
  const mayManage = can(session, 'console.open')
  const mayListStaff = can(session, 'staff.manage')
  const maySaveSegments = can(session, 'segments.use')
  // A filter can arrive in the URL (e.g. 「在客户列表中查看」 from a segment).
  const [initialFilter] = useState<SegmentFilter>(() => normalizeFilter(queryToFilter(params)))
  const [q, setQ] = useState('')
  const [filter, setFilter] = useState<SegmentFilter>(initialFilter)
  const [filterOpen, setFilterOpen] = useState(!isFilterEmpty(initialFilter))
  const [applied, setApplied] = useState<Applied>({ query: {}, filter: initialFilter })
  const [list, setList] = useState<ListState>({ items: [], total: 0, page: 0 })
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [saveOpen, setSaveOpen] = useState(false)
  const [segmentName, setSegmentName] = useState('')
  const [segmentDescription, setSegmentDescription] = useState('')
  const [saving, setSaving] = useState(false)
  const [saveMessage, setSaveMessage] = useState<{ ok: boolean; text: string; id?: string } | null>(null)
  const requestId = useRef(0)

  const advisors = useAsync(() => listStaff(), [mayListStaff], mayListStaff)
  const advisorOptions = (advisors.data?.items ?? []).filter((s) => s.role === 'advisor' && !s.disabled).map((s) => ({ value: s.id, label: s.name }))
  const advisorName = (id: string) => advisors.data?.items.find((s) => s.id === id)?.name

  const load = useCallback(
    async (page: number, reset: boolean) => {
      const id = ++requestId.current
      setLoading(true)
      setError(null)
      try {
        const result = await searchCustomers({ ...applied.query, page, pageSize: PAGE_SIZE }, applied.filter)
        if (id !== requestId.current) return
        setList((prev) => ({
          items: reset ? result.items : [...prev.items, ...result.items],
          total: result.total,
          page: result.page ?? page
        }))
      } catch (e) {
        if (id !== requestId.current) return
        setError(e)
        // A new search that failed must not leave the previous results on screen.
        if (reset) setList((prev) => (prev.page > 0 ? { items: [], total: 0, page: 1 } : prev))
      } finally {
        if (id === requestId.current) setLoading(false)
      }
    },
    [applied]
  )

  const staffId = staff?.id
  useEffect(() => {
    if (staffId) void load(1, true)
  }, [load, staffId])

  const hasMore = list.items.length < list.total
  const loadMore = () => {
    if (!loading && hasMore) void load(list.page + 1, false)
  }
  useReachBottom(loadMore)

  function search() {
    setSaveMessage(null)
    setApplied({ query: { q: q.trim() || undefined }, filter: normalizeFilter(filter) })
  }

  function clearFilter() {
    setFilter({})
    setApplied({ query: { q: q.trim() || undefined }, filter: {} })
  }

  async function exportCsv() {
    setNotice(null)
    try {
      await exportCustomersCsv(applied.query, applied.filter)
      setNotice('导出已开始（导出记录会写入访问日志）')
    } catch (e) {
      setNotice(errorMessage(e))
    }
  }

  async function saveSegment() {
    const name = segmentName.trim()
    if (!name) {
      setSaveMessage({ ok: false, text: '请填写分群名称' })
      return
    }
    setSaving(true)
    setSaveMessage(null)
    try {
      const segment = await createSegment({ name, description: segmentDescription.trim() || undefined, filter: applied.filter })
      setSaveMessage({ ok: true, text: `已保存分群「${segment.name}」`, id: segment.id })
      setSegmentName('')
      setSegmentDescription('')
      setSaveOpen(false)
    } catch (e) {
      setSaveMessage({ ok: false, text: errorMessage(e) })
    } finally {
      setSaving(false)
    }
  }

  const conditions = activeConditionCount(filter)
  const appliedLines = describeFilter(applied.filter, advisorName)
  const go = (url: string) => void Taro.navigateTo({ url })

  return (
    <PageContainer
      className="customers e2e-page-staff-customers"
      require="staff"
      loading={loading && list.page === 0}
      error={list.page === 0 ? error : null}
      onRetry={() => void load(1, true)}
    >
      <View className="customers__bar">
        <Text className="customers__who">
          {staff?.name} · {staff ? ROLE_LABELS[staff.role] : ''}
        </Text>
        <View className="customers__bar-actions">
          {mayManage ? (
            <Button size="small" type="primary" fill="outline" className="e2e-customers-manage" onClick={() => go(ROUTES.managerHome)}>
              管理
            </Button>
          ) : null}
          <Button size="small" fill="none" className="e2e-customers-logout" onClick={() => void logout().finally(() => Taro.reLaunch({ url: ROUTES.login }))}>
            退出
          </Button>
        </View>
      </View>

      <StaffMenu entries={STAFF_SHORTCUTS} variant="links" />

      <Section>
        <Field
          label="搜索"
          className="e2e-customers-search-input"
          value={q}
          onChange={setQ}
          placeholder="姓名 / 手机号 / 车牌 / VIN"
          maxlength={40}
          onConfirm={search}
        />
        <View className="customers__filter-toggle e2e-customers-filter-toggle" onClick={() => setFilterOpen((v) => !v)}>
          <Text>{filterOpen ? '收起筛选' : '筛选'}</Text>
          {conditions > 0 ? <Text className="customers__filter-count e2e-customers-filter-count">{conditions}</Text> : null}
        </View>
        {filterOpen ? <CustomerFilter value={filter} onChange={setFilter} advisors={mayListStaff ? advisorOptions : undefined} /> : null}
        <View className="actions">
          <Button type="primary" className="e2e-customers-search-submit" onClick={search}>
            搜索
          </Button>
          {conditions > 0 ? (
            <Button className="e2e-filter-clear" onClick={clearFilter}>
              清除筛选
            </Button>
          ) : null}
          {can(session, 'customers.export') ? (
            <Button className="e2e-customers-export" onClick={() => void exportCsv()}>
              导出 CSV
            </Button>
          ) : null}
        </View>
        {notice ? <Text className="hint e2e-customers-notice">{notice}</Text> : null}
      </Section>

      <View className="customers__summary">
        <Text className="customers__total e2e-customers-total">共 {list.total} 位客户</Text>
        {appliedLines.length ? (
          <View className="customers__applied e2e-customers-applied">
            {appliedLines.map((line) => (
              <Text key={line} className="tag">
                {line}
              </Text>
            ))}
          </View>
        ) : null}
        {maySaveSegments && appliedLines.length ? (
          <View className="customers__save">
            {saveOpen ? (
              <View className="e2e-segment-form">
                <Field
                  label="分群名称"
                  className="e2e-segment-name"
                  value={segmentName}
                  onChange={setSegmentName}
                  maxlength={30}
                  placeholder="例如 A类待首保客户"
                />
                <Field label="说明（选填）" className="e2e-segment-description" value={segmentDescription} onChange={setSegmentDescription} maxlength={200} />
                <View className="actions">
                  <Button type="primary" size="small" className="e2e-segment-save" loading={saving} disabled={saving} onClick={() => void saveSegment()}>
                    保存分群
                  </Button>
                  <Button size="small" className="e2e-segment-cancel" onClick={() => setSaveOpen(false)}>
                    取消
                  </Button>
                </View>
              </View>
            ) : (
              <Button size="small" fill="outline" type="primary" className="e2e-segment-save-open" onClick={() => setSaveOpen(true)}>
                将当前筛选保存为分群
              </Button>
            )}
          </View>
        ) : null}
        {saveMessage ? (
          <View>
            <Text className={`${saveMessage.ok ? 'success-text e2e-segment-saved' : 'error-text e2e-segment-error'}`}>{saveMessage.text}</Text>
            {saveMessage.id ? (
              <Button size="small" fill="none" className="e2e-segment-saved-open" onClick={() => go(withQuery(ROUTES.staffSegment, { id: saveMessage.id }))}>
                查看分群
              </Button>
            ) : null}
          </View>
        ) : null}
      </View>

      <Section>
        {list.items.length === 0 && !loading ? <Text className="muted e2e-customers-empty">没有找到客户</Text> : null}
        {list.items.map((c) => (
          <View key={c.id} className="list-item e2e-customer-item" onClick={() => go(withQuery(ROUTES.staffCustomer, { id: c.id }))}>
            <View className="customers__line">
              <Text className="list-item__title e2e-customer-name">{c.name}</Text>
              <Text className="muted">{c.mobileMasked}</Text>
            </View>
            <Text className="list-item__meta">
              顾问：{c.advisor?.name ?? '未分配'} · 车辆 {c.vehicleCount} · 最近到店 {formatDate(c.lastServiceDate)}
            </Text>
            <View>
              <Text className={`tag ${c.bound ? 'customers__tag--bound' : 'customers__tag--unbound'}`}>{c.bound ? '已绑定微信' : '未绑定'}</Text>
              {c.isProspect ? <Text className="tag customers__tag--prospect">潜在客户</Text> : null}
              {c.tags.map((t) => (
                <Text key={t} className="tag">
                  {t}
                </Text>
              ))}
            </View>
          </View>
        ))}
        {error && list.page > 0 ? <Text className="error-text">{errorMessage(error)}</Text> : null}
        {hasMore ? (
          <View className="customers__more">
            <Button fill="none" className="e2e-customers-more" loading={loading} onClick={loadMore}>
              加载更多
            </Button>
          </View>
        ) : list.items.length > 0 ? (
          <Text className="hint customers__end">已显示全部</Text>
        ) : null}
      </Section>
    </PageContainer>
  )
}
