import { useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import Chips from '../../../components/Chips'
import Field from '../../../components/Field'
import TierBadge from '../../../components/TierBadge'
import ComplaintHistory from '../../../components/ComplaintHistory'
import AuthedPhotos from '../../../components/AuthedPhotos'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { can } from '../../../services/session'
import { actOnComplaint, complaintPhotoPaths, getComplaint } from '../../../services/aftercare'
import { listStaff } from '../../../services/staff'
import { errorMessage } from '../../../services/request'
import type { ComplaintActionRequest } from '../../../services/api-types'
import { COMPLAINT_CATEGORY_LABELS, COMPLAINT_STATUS_LABELS } from '../../../utils/aftercare'
import { formatDateTime } from '../../../utils/format'
import './index.scss'

/** 投诉详情 (staff): acknowledge, start, assign, internal notes, the reply to the owner and resolve; the history. */
export default function ComplaintPage() {
  const session = useSession()
  const id = useRouter().params.id ?? ''
  const staff = session?.kind === 'staff'
  const mayAssign = staff && session.staff.role !== 'advisor' && can(session, 'staff.manage')
  const complaint = useAsync(() => getComplaint(id), [id, staff], staff && id !== '')
  const people = useAsync(() => listStaff(), [mayAssign], mayAssign)
  const [note, setNote] = useState('')
  const [reply, setReply] = useState('')
  const [assignee, setAssignee] = useState('')
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const c = complaint.data
  const assignable = (people.data?.items ?? []).filter((p) => !p.disabled && p.dealershipId !== null)

  async function act(request: ComplaintActionRequest, done: string) {
    setBusy(true)
    setMessage(null)
    try {
      complaint.setData(await actOnComplaint(id, request))
      setMessage({ ok: true, text: done })
      if (request.action === 'note') setNote('')
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) })
    } finally {
      setBusy(false)
    }
  }

  const button = (label: string, hook: string, request: ComplaintActionRequest, primary = false) => (
    <Button type={primary ? 'primary' : 'default'} className={hook} loading={busy} disabled={busy} onClick={() => void act(request, `已${label}`)}>
      {label}
    </Button>
  )

  return (
    <PageContainer
      className="complaint e2e-page-manager-complaint"
      require="staff"
      capability="aftercare.complaints"
      loading={complaint.loading && !c}
      error={id ? complaint.error : '缺少投诉编号'}
      onRetry={() => void complaint.reload()}
    >
      {c ? (
        <>
          <Section
            title={`${c.customer.name} · ${COMPLAINT_CATEGORY_LABELS[c.category]}`}
            extra={<Text className="complaint__status e2e-complaint-status">{COMPLAINT_STATUS_LABELS[c.status]}</Text>}
          >
            <View className="complaint__line">
              <TierBadge tier={c.tier} />
              <Text className="list-item__meta">电话：{c.customer.mobile ?? '—'}</Text>
            </View>
            <Text className="complaint__text">{c.text}</Text>
            {c.photos.length ? (
              <>
                <Text className="list-item__meta e2e-complaint-photos">车主上传照片 {c.photos.length} 张</Text>
                <AuthedPhotos paths={complaintPhotoPaths(c)} hook="e2e-complaint-photo-list" />
              </>
            ) : null}
            <Text className={`list-item__meta ${c.ackOverdue ? 'complaint__late' : ''}`}>
              受理期限 {formatDateTime(c.ackDueAt)}
              {c.ackOverdue ? '（已超时）' : ''}
            </Text>
            <Text className={`list-item__meta ${c.resolveOverdue ? 'complaint__late' : ''}`}>
              解决期限 {formatDateTime(c.resolveDueAt)}
              {c.resolveOverdue ? '（已超时）' : ''}
            </Text>
            {c.reply ? <Text className="list-item__meta e2e-complaint-reply">给车主的答复：{c.reply}</Text> : null}
          </Section>
          <Section title="处理">
            {message ? <Text className={message.ok ? 'success-text e2e-complaint-done' : 'error-text e2e-complaint-error'}>{message.text}</Text> : null}
            <View className="complaint__actions">
              {c.status === 'new' || c.status === 'reopened' ? button('受理', 'e2e-complaint-acknowledge', { action: 'acknowledge' }, true) : null}
              {c.status === 'acknowledged' ? button('开始处理', 'e2e-complaint-start', { action: 'start' }, true) : null}
            </View>
            {c.status === 'acknowledged' || c.status === 'in_progress' ? (
              <View className="complaint__form">
                <Field label="给车主的处理答复" className="e2e-complaint-reply-input" value={reply} onChange={setReply} multiline maxlength={1000} />
                <Button
                  type="primary"
                  className="e2e-complaint-resolve"
                  loading={busy}
                  disabled={busy}
                  onClick={() =>
                    reply.trim()
                      ? void act({ action: 'resolve', reply: reply.trim() }, '已标记解决，等待车主确认')
                      : setMessage({ ok: false, text: '请填写给车主的处理答复' })
                  }
                >
                  回复车主并标记解决
                </Button>
              </View>
            ) : null}
            {mayAssign && c.status !== 'closed' && assignable.length ? (
              <View className="complaint__form">
                <Chips
                  label="指派处理人"
                  hook="e2e-complaint-assignee"
                  options={assignable.map((p) => ({ value: p.id, label: p.name }))}
                  value={assignee || c.assigneeId || ''}
                  onChange={setAssignee}
                />
                {assignee ? button('指派', 'e2e-complaint-assign', { action: 'assign', assigneeId: assignee }) : null}
              </View>
            ) : null}
            <View className="complaint__form">
              <Field label="内部备注（车主不可见）" className="e2e-complaint-note" value={note} onChange={setNote} multiline maxlength={1000} />
              {button('添加备注', 'e2e-complaint-add-note', { action: 'note', note: note.trim() })}
            </View>
          </Section>
          <ComplaintHistory events={c.history} />
        </>
      ) : null}
    </PageContainer>
  )
}
