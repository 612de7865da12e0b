import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Chips from '../../../components/Chips'
import Field from '../../../components/Field'
import { CALL_OUTCOMES, CALL_OUTCOME_LABELS, type CallOutcome } from '../../../utils/labels'
import { errorMessage } from '../../../services/request'
import { logReminderCall } from '../../../services/reminders'

const OUTCOME_OPTIONS = CALL_OUTCOMES.map((value) => ({ value, label: CALL_OUTCOME_LABELS[value] }))
const NOTE_LIMIT = 500

interface CallFormProps {
  dueEventId: string
  onSaved: (text: string) => void
  onCancel: () => void
}

/** 记录通话: the outcome, a note (≤ 500 characters) and, for 稍后回电, the day to call again. */
export default function CallForm({ dueEventId, onSaved, onCancel }: CallFormProps) {
  const [outcome, setOutcome] = useState<CallOutcome | ''>('')
  const [note, setNote] = useState('')
  const [callBackOn, setCallBackOn] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function save() {
    if (!outcome) return setProblem('请选择通话结果')
    if (note.length > NOTE_LIMIT) return setProblem(`备注最多${NOTE_LIMIT}字`)
    if (outcome === 'call_back' && !/^\d{4}-\d{2}-\d{2}$/.test(callBackOn)) return setProblem('请填写回电日期（YYYY-MM-DD）')
    setBusy(true)
    setProblem(null)
    try {
      await logReminderCall(dueEventId, {
        outcome,
        note: note.trim(),
        ...(outcome === 'call_back' ? { callBackOn } : {})
      })
      onSaved(`已记录通话：${CALL_OUTCOME_LABELS[outcome]}`)
    } catch (e) {
      setProblem(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className="reminder__form e2e-call-form">
      <Chips label="通话结果" hook="e2e-call-outcome" options={OUTCOME_OPTIONS} value={outcome} onChange={setOutcome} />
      {outcome === 'call_back' ? (
        <Field label="回电日期" className="e2e-call-back-on" value={callBackOn} maxlength={10} placeholder="YYYY-MM-DD" onChange={setCallBackOn} />
      ) : null}
      <Field label="备注" className="e2e-call-note" value={note} multiline maxlength={NOTE_LIMIT} placeholder="例如 客户周六上午到店" onChange={setNote} />
      {problem ? <Text className="error-text e2e-call-error">{problem}</Text> : null}
      <View className="actions">
        <Button type="primary" size="small" className="e2e-call-submit" loading={busy} disabled={busy} onClick={() => void save()}>
          保存通话记录
        </Button>
        <Button size="small" className="e2e-call-cancel" onClick={onCancel}>
          取消
        </Button>
      </View>
    </View>
  )
}
