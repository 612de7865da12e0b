import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { listMyComplaints } from '../../../services/aftercare'
import { COMPLAINT_CATEGORY_LABELS, COMPLAINT_STATUS_LABELS } from '../../../utils/aftercare'
import { formatDateTime } from '../../../utils/format'
import { ROUTES, withQuery } from '../../../utils/routes'
import './index.scss'

/** 我的投诉: every complaint I filed (or one opened for me), newest first, with its status. */
export default function MyComplaintsPage() {
  const session = useSession()
  const isOwner = session?.kind === 'owner'
  const complaints = useAsync(() => listMyComplaints(), [isOwner], isOwner)
  const items = complaints.data?.items ?? []
  useDidShow(() => {
    if (isOwner && complaints.data) void complaints.reload()
  })

  const newButton = (
    <Button type="primary" className="e2e-my-complaints-new" onClick={() => void Taro.navigateTo({ url: ROUTES.ownerComplaintNew })}>
      我要投诉
    </Button>
  )

  return (
    <PageContainer
      className="my-complaints e2e-page-owner-complaints"
      require="owner"
      loading={complaints.loading && !complaints.data}
      error={complaints.error}
      onRetry={() => void complaints.reload()}
      empty={complaints.data !== undefined && items.length === 0}
      emptyText="还没有投诉记录"
      emptyAction={newButton}
    >
      {items.map((c) => (
        <View
          key={c.id}
          className={`list-item e2e-my-complaint e2e-my-complaint-${c.status}`}
          onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.ownerComplaint, { id: c.id }) })}
        >
          <View className="my-complaints__head">
            <Text className="tag">{COMPLAINT_CATEGORY_LABELS[c.category]}</Text>
            <Text className="my-complaints__status e2e-my-complaint-status">{COMPLAINT_STATUS_LABELS[c.status]}</Text>
          </View>
          <Text className="list-item__title">{c.text}</Text>
          <Text className="list-item__meta">{formatDateTime(c.createdAt)}</Text>
        </View>
      ))}
      {items.length ? <View className="my-complaints__new">{newButton}</View> : null}
    </PageContainer>
  )
}
