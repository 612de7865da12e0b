import type { Dispatch, SetStateAction } from 'react'
import Chips from '../Chips'
import Field from '../Field'
import type { ContactChannel } from '../../services/api-types'
import { CHANNEL_LABELS } from '../../utils/format'
import type { ContactDraft } from '../../utils/validation'

const CHANNELS = (Object.keys(CHANNEL_LABELS) as ContactChannel[]).map((value) => ({ value, label: CHANNEL_LABELS[value] }))

export interface ContactFieldsProps {
  draft: ContactDraft
  errors: Partial<Record<keyof ContactDraft, string>>
  /** The draft's state setter. */
  onChange: Dispatch<SetStateAction<ContactDraft>>
  /** e2e hooks of the channel chips and of the outcome and note fields. */
  hooks: { channel: string; outcome: string; note: string }
  outcomePlaceholder: string
}

/** The fields of a contact record (channel, outcome, optional note): the archive's contact form and a task's completion. */
export default function ContactFields({ draft, errors, onChange, hooks, outcomePlaceholder }: ContactFieldsProps) {
  return (
    <>
      <Chips
        label="联系方式"
        hook={hooks.channel}
        options={CHANNELS}
        value={draft.channel}
        error={errors.channel}
        onChange={(channel) => onChange((d) => ({ ...d, channel }))}
      />
      <Field
        label="联系结果"
        className={hooks.outcome}
        value={draft.outcome}
        placeholder={outcomePlaceholder}
        maxlength={100}
        error={errors.outcome}
        onChange={(outcome) => onChange((d) => ({ ...d, outcome }))}
      />
      <Field
        label="备注（选填）"
        className={hooks.note}
        value={draft.note}
        multiline
        maxlength={500}
        error={errors.note}
        onChange={(note) => onChange((d) => ({ ...d, note }))}
      />
    </>
  )
}
