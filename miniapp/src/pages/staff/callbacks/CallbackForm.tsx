import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Chips from '../../../components/Chips'
import Field from '../../../components/Field'
import { logCallbackAttempt } from '../../../services/aftercare'
import { errorMessage } from '../../../services/request'
import type { CallbackAttemptRequest, CallbackView } from '../../../services/api-types'
import { CATEGORY_OPTIONS, OUTCOME_OPTIONS } from '../../../utils/aftercare'

type Outcome = CallbackAttemptRequest['outcome']
type Category = NonNullable<CallbackAttemptRequest['complaint']>['category']

/** Log one call: 满意 / 有问题 / 未接通 and a note; 有问题 may open a complaint in the same step. */
export default function CallbackForm({ callback, onDone }: { callback: CallbackView; onDone: (saved: CallbackView) => void }) {
  const [outcome, setOutcome] = useState<Outcome | ''>('')
  const [note, setNote] = useState('')
  const [openComplaint, setOpenComplaint] = useState(false)
  const [category, setCategory] = useState<Category | ''>('')
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const withComplaint = outcome === 'issue' && openComplaint

  async function submit() {
    if (!outcome) return setError('请选择回访结果')
    if (withComplaint && (!category || !text.trim())) return setError('请选择投诉类别并填写问题')
    setBusy(true)
    setError(null)
    try {
      const complaint = withComplaint && category ? { category, text: text.trim() } : undefined
      onDone(await logCallbackAttempt(callback.id, { outcome, note: note.trim() || undefined, complaint }))
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className="callback__form e2e-callback-form">
      <Chips label="回访结果" hook="e2e-callback-outcome" options={OUTCOME_OPTIONS} value={outcome} onChange={setOutcome} disabled={busy} />
      <Field label="备注" className="e2e-callback-note" value={note} onChange={setNote} multiline maxlength={500} />
      {outcome === 'issue' ? (
        <View className="callback__complaint">
          <Text className={`chip e2e-callback-open-complaint ${openComplaint ? 'chip--active' : ''}`} onClick={() => setOpenComplaint(!openComplaint)}>
            {openComplaint ? '✓ 同时登记投诉' : '登记为投诉'}
          </Text>
          {openComplaint ? (
            <>
              <Chips label="投诉类别" hook="e2e-callback-complaint-category" options={CATEGORY_OPTIONS} value={category} onChange={setCategory} />
              <Field label="客户反映的问题" className="e2e-callback-complaint-text" value={text} onChange={setText} multiline maxlength={1000} />
            </>
          ) : null}
        </View>
      ) : null}
      {error ? <Text className="error-text e2e-callback-error">{error}</Text> : null}
      <Button type="primary" block className="e2e-callback-save" loading={busy} disabled={busy} onClick={() => void submit()}>
        保存回访记录
      </Button>
    </View>
  )
}
