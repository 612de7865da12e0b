import { useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import ConfirmDialog from '../../../components/ConfirmDialog'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { useDealershipScope } from '../../../hooks/useDealershipScope'
import { deleteSegment, listSegments } from '../../../services/segments'
import { errorMessage } from '../../../services/request'
import { can } from '../../../services/session'
import type { SegmentView } from '../../../services/api-types'
import { formatDateTime } from '../../../utils/format'
import { describeFilter, filterToQuery } from '../../../utils/segment-filter'
import { ROUTES, withQuery } from '../../../utils/routes'

/** Saved segments (named filters): open one to see its customers now, or delete it. */
export default function SegmentsPage() {
  const session = useSession()
  const allowed = can(session, 'segments.use')
  const scope = useDealershipScope(session)
  const enabled = allowed && !scope.pending
  const segments = useAsync(() => listSegments(scope.dealershipId), [scope.dealershipId, enabled], enabled)
  const [removing, setRemoving] = useState<SegmentView | null>(null)
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  useDidShow(() => {
    if (enabled && segments.data) void segments.reload()
  })
  const items = segments.data?.items ?? []

  async function remove() {
    if (!removing) return
    setBusy(true)
    try {
      await deleteSegment(removing.id)
      setMessage({ ok: true, text: `已删除分群「${removing.name}」` })
      setRemoving(null)
      await segments.reload()
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) })
      setRemoving(null)
    } finally {
      setBusy(false)
    }
  }

  return (
    <PageContainer
      className="e2e-page-staff-segments"
      require="staff"
      capability="segments.use"
      loading={(segments.loading && !segments.data) || scope.pending}
      error={segments.error}
      onRetry={() => void segments.reload()}
    >
      <Section>
        <Text className="hint">分群是保存下来的客户筛选条件，每次打开时按最新数据计算；可在关怀规则中作为受众使用。</Text>
        <View className="actions">
          <Button type="primary" size="small" className="e2e-segments-new" onClick={() => void Taro.navigateTo({ url: ROUTES.staffCustomers })}>
            去客户列表筛选并保存
          </Button>
        </View>
        {message ? <Text className={`${message.ok ? 'success-text' : 'error-text'} e2e-segments-message`}>{message.text}</Text> : null}
      </Section>
      <Section title={`已保存的分群（${items.length}）`}>
        {items.length === 0 && !segments.loading ? <Text className="muted e2e-segments-empty">还没有分群</Text> : null}
        {items.map((segment) => (
          <View key={segment.id} className="list-item e2e-segment-item">
            <View onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.staffSegment, { id: segment.id, dealershipId: scope.dealershipId }) })}>
              <Text className="list-item__title e2e-segment-item-name">{segment.name}</Text>
              {segment.description ? <Text className="list-item__meta">{segment.description}</Text> : null}
              <View>
                {describeFilter(segment.filter).map((line) => (
                  <Text key={line} className="tag">
                    {line}
                  </Text>
                ))}
                {describeFilter(segment.filter).length === 0 ? <Text className="tag">全部客户</Text> : null}
              </View>
              <Text className="list-item__meta">
                {segment.createdBy.name} · 更新于 {formatDateTime(segment.updatedAt)}
              </Text>
            </View>
            <View className="actions">
              <Button
                size="small"
                type="primary"
                className="e2e-segment-item-open"
                onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.staffSegment, { id: segment.id, dealershipId: scope.dealershipId }) })}
              >
                查看客户
              </Button>
              <Button
                size="small"
                className="e2e-segment-item-filter"
                onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.staffCustomers, filterToQuery(segment.filter)) })}
              >
                在客户列表中打开
              </Button>
              <Button size="small" fill="none" className="e2e-segment-item-delete" onClick={() => setRemoving(segment)}>
                删除
              </Button>
            </View>
          </View>
        ))}
      </Section>
      <ConfirmDialog
        visible={removing !== null}
        title="删除分群"
        content={`删除「${removing?.name ?? ''}」？使用它作为受众的关怀规则将不再匹配任何客户。`}
        confirmText="删除"
        danger
        busy={busy}
        onConfirm={() => void remove()}
        onCancel={() => setRemoving(null)}
      />
    </PageContainer>
  )
}
