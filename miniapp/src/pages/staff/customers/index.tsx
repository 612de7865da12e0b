import { useCallback, useEffect, useRef, useState } from 'react'
import Taro, { useReachBottom } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import Field from '../../../components/Field'
import Chips from '../../../components/Chips'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { exportCustomersCsv, searchCustomers } from '../../../services/customers'
import { listStaff } from '../../../services/staff'
import { logout } from '../../../services/auth'
import { errorMessage } from '../../../services/request'
import { isManager } from '../../../services/session'
import type { CustomerQuery, CustomerSummary } from '../../../services/types'
import { formatDate, ROLE_LABELS } from '../../../utils/format'
import { ROUTES, withQuery } from '../../../utils/routes'
import './index.scss'

const PAGE_SIZE = 20

interface ListState {
  items: CustomerSummary[]
  total: number
  page: number
}

export default function CustomersPage() {
  const session = useSession()
  const staff = session?.kind === 'staff' ? session.staff : null
  const manager = isManager(session)
  const [q, setQ] = useState('')
  const [advisorId, setAdvisorId] = useState<string>('all')
  const [tag, setTag] = useState('')
  const [query, setQuery] = useState<CustomerQuery>({})
  const [list, setList] = useState<ListState>({ items: [], total: 0, page: 0 })
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const requestId = useRef(0)

  const advisors = useAsync(() => listStaff(), [manager], manager)
  const advisorOptions = [
    { value: 'all', label: '全部顾问' },
    ...(advisors.data?.items ?? []).filter((s) => s.role === 'advisor' && !s.disabled).map((s) => ({ value: s.id, label: s.name }))
  ]

  const load = useCallback(
    async (page: number, reset: boolean) => {
      const id = ++requestId.current
      setLoading(true)
      setError(null)
      try {
        const result = await searchCustomers({ ...query, page, pageSize: PAGE_SIZE })
        if (id !== requestId.current) return
        setList((prev) => ({
          items: reset ? result.items : [...prev.items, ...result.items],
          total: result.total,
          page: result.page ?? page
        }))
      } catch (e) {
        if (id === requestId.current) setError(e)
      } finally {
        if (id === requestId.current) setLoading(false)
      }
    },
    [query]
  )

  useEffect(() => {
    if (staff) void load(1, true)
  }, [load, staff?.id])

  const hasMore = list.items.length < list.total
  const loadMore = () => {
    if (!loading && hasMore) void load(list.page + 1, false)
  }
  useReachBottom(loadMore)

  function search() {
    setQuery({
      q: q.trim() || undefined,
      advisorId: manager && advisorId !== 'all' ? advisorId : undefined,
      tag: manager && tag.trim() ? tag.trim() : undefined
    })
  }

  async function exportCsv() {
    setNotice(null)
    try {
      await exportCustomersCsv(query)
      setNotice('导出已开始（导出记录会写入访问日志）')
    } catch (e) {
      setNotice(errorMessage(e))
    }
  }

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
          {manager ? (
            <Button size="small" type="primary" fill="outline" className="e2e-customers-manage" onClick={() => void Taro.navigateTo({ url: ROUTES.managerHome })}>
              管理
            </Button>
          ) : null}
          <Button size="small" fill="none" className="e2e-customers-logout" onClick={() => void logout().finally(() => Taro.reLaunch({ url: ROUTES.login }))}>
            退出
          </Button>
        </View>
      </View>

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
        {manager ? (
          <View>
            <Chips label="服务顾问" hook="e2e-customers-advisor" options={advisorOptions} value={advisorId} onChange={setAdvisorId} />
            <Field label="标签" className="e2e-customers-tag" value={tag} onChange={setTag} placeholder="例如 A类客户" maxlength={20} onConfirm={search} />
          </View>
        ) : null}
        <View className="actions">
          <Button type="primary" className="e2e-customers-search-submit" onClick={search}>
            搜索
          </Button>
          {manager ? (
            <Button className="e2e-customers-export" onClick={() => void exportCsv()}>
              导出 CSV
            </Button>
          ) : null}
        </View>
        {notice ? <Text className="hint e2e-customers-notice">{notice}</Text> : null}
      </Section>

      <Text className="customers__total e2e-customers-total">共 {list.total} 位客户</Text>

      <Section>
        {list.items.length === 0 && !loading ? <Text className="muted e2e-customers-empty">没有找到客户</Text> : null}
        {list.items.map((c) => (
          <View key={c.id} className="list-item e2e-customer-item" onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.staffCustomer, { id: c.id }) })}>
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
