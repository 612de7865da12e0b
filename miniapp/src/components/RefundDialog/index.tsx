import { useState } from 'react'
import { Text } from '@tarojs/components'
import ConfirmDialog from '../ConfirmDialog'
import Field from '../Field'

export interface RefundDialogProps {
  /** What is refunded, e.g. 「4 次定保」¥1,299.00. */
  subject: string | null
  title: string
  note: string
  initialReason?: string
  busy: boolean
  onConfirm: (reason: string) => void
  onCancel: () => void
}

/** Asks for the refund reason (2–200 characters, as the server requires) before the refund is asked or made. */
export default function RefundDialog({ subject, title, note, initialReason = '', busy, onConfirm, onCancel }: RefundDialogProps) {
  const [reason, setReason] = useState(initialReason)
  const [error, setError] = useState<string | null>(null)
  const confirm = () => {
    const trimmed = reason.trim()
    if (trimmed.length < 2) return setError('退款原因至少 2 个字')
    if (trimmed.length > 200) return setError('退款原因最多 200 个字')
    setError(null)
    onConfirm(trimmed)
  }
  return (
    <ConfirmDialog
      visible={subject !== null}
      title={title}
      confirmText="确认"
      busy={busy}
      onConfirm={confirm}
      onCancel={onCancel}
      content={
        <>
          <Text className="hint">{subject}</Text>
          <Text className="hint">{note}</Text>
          <Field label="退款原因" value={reason} onChange={setReason} error={error} className="e2e-refund-reason" maxlength={200} multiline />
        </>
      }
    />
  )
}
