import { useCallback, useEffect, useRef, useState } from 'react'
import Taro, { useDidShow, useReachBottom } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import Chips from '../../../components/Chips'
import SubscribePrompt from '../../../components/SubscribePrompt'
import { useSession } from '../../../hooks/useSession'
import { listNotices } from '../../../services/owner'
import { errorMessage } from '../../../services/request'
import type { NoticeView } from '../../../services/api-types'
import { formatDateTime } from '../../../utils/format'
import { ROUTES, withQuery } from '../../../utils/routes'
import './index.scss'

const PAGE_SIZE = 20
type Show = 'all' | 'unread'
const SHOW_OPTIONS = [
  { value: 'all' as const, label: '全部' },
  { value: 'unread' as const, label: '未读' }
]

interface InboxState {
  items: NoticeView[]
  total: number
  unread: number
  page: number
}

/** The owner's inbox: greetings and reminders, unread first marked; tap to read. */
export default function NoticesPage() {
  const session = useSession()
  const isOwner = session?.kind === 'owner'
  const [state, setState] = useState<InboxState>({ items: [], total: 0, unread: 0, page: 0 })
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [show, setShow] = useState<Show>('all')
  const [subscribeOpen, setSubscribeOpen] = useState(false)
  const run = useRef(0)

  const load = useCallback(async (page: number, reset: boolean) => {
    const id = ++run.current
    setLoading(true)
    setError(null)
    try {
      const result = await listNotices(page, PAGE_SIZE)
      if (id !== run.current) return
      setState((prev) => ({
        items: reset ? result.items : [...prev.items, ...result.items.filter((n) => !prev.items.some((p) => p.id === n.id))],
        total: result.total,
        unread: result.unread,
        page: result.page ?? page
      }))
    } catch (e) {
      if (id === run.current) setError(e)
    } finally {
      if (id === run.current) setLoading(false)
    }
  }, [])

  useEffect(() => {
    if (isOwner) void load(1, true)
  }, [isOwner, load])
  // Back from a detail page: the notice read there shows as read.
  useDidShow(() => {
    if (isOwner && state.page > 0) void load(1, true)
  })

  const hasMore = state.items.length < state.total
  const loadMore = () => {
    if (!loading && hasMore) void load(state.page + 1, false)
  }
  useReachBottom(loadMore)

  const shown = show === 'unread' ? state.items.filter((n) => !n.readAt) : state.items

  return (
    <PageContainer
      className="e2e-page-owner-notices"
      require="owner"
      loading={loading && state.page === 0}
      error={state.page === 0 ? error : null}
      onRetry={() => void load(1, true)}
    >
      <View className="inbox__bar">
        <Text className="inbox__count e2e-notices-unread">{state.unread > 0 ? `${state.unread} 条未读` : '没有未读消息'}</Text>
        <Button size="small" fill="outline" type="primary" className="e2e-notices-subscribe-open" onClick={() => setSubscribeOpen((v) => !v)}>
          {subscribeOpen ? '收起' : '开启微信提醒'}
        </Button>
      </View>
      {subscribeOpen ? (
        <Section title="微信消息提醒" className="e2e-notices-subscribe">
          <SubscribePrompt />
        </Section>
      ) : null}
      <Section>
        <Chips hook="e2e-notices-show" options={SHOW_OPTIONS} value={show} onChange={setShow} />
        {shown.length === 0 && !loading ? <Text className="muted e2e-notices-empty">{show === 'unread' ? '没有未读消息' : '暂无消息'}</Text> : null}
        {shown.map((notice) => (
          <View
            key={notice.id}
            className={`list-item notice e2e-notice-item ${notice.readAt ? '' : 'notice--unread'}`}
            onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.ownerNotice, { id: notice.id }) })}
          >
            <View className="notice__head">
              {notice.readAt ? null : <View className="notice__dot" />}
              <Text className="list-item__title e2e-notice-title">{notice.title}</Text>
            </View>
            <Text className="notice__preview">{notice.body}</Text>
            <Text className="list-item__meta">{formatDateTime(notice.createdAt)}</Text>
          </View>
        ))}
        {error && state.page > 0 ? <Text className="error-text">{errorMessage(error)}</Text> : null}
        {hasMore ? (
          <View className="inbox__more">
            <Button fill="none" className="e2e-notices-more" loading={loading} onClick={loadMore}>
              加载更多
            </Button>
          </View>
        ) : null}
      </Section>
    </PageContainer>
  )
}
