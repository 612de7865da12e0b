import Chips from '../Chips'

const YES_NO = [
  { value: 'yes', label: '是' },
  { value: 'no', label: '否' }
] as const

export interface YesNoChipsProps {
  label?: string
  /** Chips get the classes `<hook>-yes` and `<hook>-no`. */
  hook: string
  value: boolean
  onChange: (value: boolean) => void
  disabled?: boolean
}

/** A 是 / 否 choice of a boolean setting. */
export default function YesNoChips({ label, hook, value, onChange, disabled }: YesNoChipsProps) {
  return <Chips label={label} hook={hook} options={YES_NO} value={value ? 'yes' : 'no'} disabled={disabled} onChange={(v) => onChange(v === 'yes')} />
}
