import { View, Text } from '@tarojs/components'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { listNotices } from '../../../services/owner'
import { formatDateTime } from '../../../utils/format'
import './index.scss'

export default function NoticesPage() {
  const session = useSession()
  const isOwner = session?.kind === 'owner'
  const notices = useAsync(() => listNotices(), [isOwner], isOwner)
  const items = notices.data?.items ?? []

  return (
    <PageContainer
      className="e2e-page-owner-notices"
      require="owner"
      loading={notices.loading && !notices.data}
      error={notices.error}
      onRetry={() => void notices.reload()}
      empty={items.length === 0}
      emptyText="暂无消息"
    >
      <Section>
        {items.map((notice) => (
          <View key={notice.id} className={`list-item notice e2e-notice-item ${notice.readAt ? '' : 'notice--unread'}`}>
            <View className="notice__head">
              {notice.readAt ? null : <View className="notice__dot" />}
              <Text className="list-item__title">{notice.title}</Text>
            </View>
            <Text className="notice__body">{notice.body}</Text>
            <Text className="list-item__meta">{formatDateTime(notice.createdAt)}</Text>
          </View>
        ))}
      </Section>
    </PageContainer>
  )
}
