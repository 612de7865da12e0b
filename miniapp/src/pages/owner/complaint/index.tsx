import { useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import Field from '../../../components/Field'
import ComplaintHistory from '../../../components/ComplaintHistory'
import AuthedPhotos from '../../../components/AuthedPhotos'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { confirmComplaint, getMyComplaint, myComplaintPhotoPaths, reopenComplaint } from '../../../services/aftercare'
import { errorMessage } from '../../../services/request'
import { COMPLAINT_CATEGORY_LABELS, COMPLAINT_STATUS_LABELS } from '../../../utils/aftercare'
import { formatDateTime } from '../../../utils/format'
import './index.scss'

/** 投诉详情: status, the dealership's reply and the history; a resolved one is confirmed or reopened here. */
export default function MyComplaintPage() {
  const session = useSession()
  const id = useRouter().params.id ?? ''
  const isOwner = session?.kind === 'owner'
  const complaint = useAsync(() => getMyComplaint(id), [id, isOwner], isOwner && id !== '')
  const [reason, setReason] = useState('')
  const [reopening, setReopening] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const c = complaint.data

  async function act(action: () => ReturnType<typeof confirmComplaint>) {
    setBusy(true)
    setError(null)
    try {
      complaint.setData(await action())
      setReopening(false)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  function reopen() {
    if (!reason.trim()) {
      setError('请填写重新打开的原因')
      return
    }
    void act(() => reopenComplaint(id, reason.trim()))
  }

  return (
    <PageContainer
      className="my-complaint e2e-page-owner-complaint"
      require="owner"
      loading={complaint.loading && !c}
      error={id ? complaint.error : '缺少投诉编号'}
      onRetry={() => void complaint.reload()}
    >
      {c ? (
        <>
          <Section
            title={COMPLAINT_CATEGORY_LABELS[c.category]}
            extra={<Text className="my-complaint__status e2e-complaint-status">{COMPLAINT_STATUS_LABELS[c.status]}</Text>}
          >
            <Text className="my-complaint__text">{c.text}</Text>
            <Text className="list-item__meta">提交于 {formatDateTime(c.createdAt)}</Text>
            {c.photos.length ? (
              <>
                <Text className="list-item__meta e2e-complaint-photos">已上传照片 {c.photos.length} 张</Text>
                <AuthedPhotos paths={myComplaintPhotoPaths(c)} hook="e2e-complaint-photo-list" />
              </>
            ) : null}
          </Section>
          <Section title="门店回复">
            <Text className="my-complaint__text e2e-complaint-reply">{c.reply || '门店正在处理，请耐心等待'}</Text>
          </Section>
          {c.status === 'resolved' ? (
            <Section>
              {reopening ? (
                <Field label="重新打开的原因" className="e2e-complaint-reopen-reason" value={reason} onChange={setReason} multiline maxlength={500} />
              ) : null}
              {error ? <Text className="error-text e2e-complaint-error">{error}</Text> : null}
              <View className="my-complaint__actions">
                {reopening ? (
                  <Button className="e2e-complaint-reopen-submit" loading={busy} disabled={busy} onClick={reopen}>
                    提交
                  </Button>
                ) : (
                  <>
                    <Button
                      type="primary"
                      className="e2e-complaint-confirm"
                      loading={busy}
                      disabled={busy}
                      onClick={() => void act(() => confirmComplaint(id))}
                    >
                      确认解决
                    </Button>
                    <Button className="e2e-complaint-reopen" disabled={busy} onClick={() => setReopening(true)}>
                      重新打开
                    </Button>
                  </>
                )}
              </View>
            </Section>
          ) : null}
          <ComplaintHistory events={c.history} />
        </>
      ) : null}
    </PageContainer>
  )
}
