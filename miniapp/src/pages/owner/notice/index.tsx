import Taro, { useRouter } from '@tarojs/taro'
import { Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { markNoticeRead } from '../../../services/owner'
import { formatDateTime } from '../../../utils/format'
import { ROUTES, safeRedirect } from '../../../utils/routes'
import '../notices/index.scss'

/**
 * One notice. Opening it marks it read: POST …/read returns the notice, so the page also
 * works when opened straight from a WeChat subscribe message (`?id=`).
 */
export default function NoticeDetailPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const session = useSession()
  const enabled = session?.kind === 'owner' && id !== ''
  const notice = useAsync(() => markNoticeRead(id), [id, enabled], enabled)
  const n = notice.data
  // Only our own pages (a reminder links to its booking page).
  const link = safeRedirect(n?.page ?? undefined)

  return (
    <PageContainer
      className="e2e-page-owner-notice"
      require="owner"
      loading={notice.loading && !n}
      error={id ? notice.error : new Error('缺少消息编号')}
      onRetry={() => void notice.reload()}
    >
      {n ? (
        <Section title={n.title} className="e2e-notice-detail">
          <Text className="list-item__meta e2e-notice-time">{formatDateTime(n.createdAt)}</Text>
          <Text className="notice__body e2e-notice-body">{n.body}</Text>
          {n.readAt ? <Text className="hint e2e-notice-read">已读 · {formatDateTime(n.readAt)}</Text> : null}
          {link ? (
            <Button type="primary" block className="e2e-notice-link" onClick={() => void Taro.navigateTo({ url: link })}>
              {link.startsWith(ROUTES.ownerBooking) ? '立即预约' : '查看详情'}
            </Button>
          ) : null}
        </Section>
      ) : null}
      <Section>
        <Button
          block
          className="e2e-notice-back"
          onClick={() => void (Taro.getCurrentPages().length > 1 ? Taro.navigateBack() : Taro.redirectTo({ url: ROUTES.ownerNotices }))}
        >
          返回消息列表
        </Button>
      </Section>
    </PageContainer>
  )
}
