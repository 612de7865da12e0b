/** DOM stand-ins for Taro's components, with Taro's event shapes (`e.detail.value`). */
import type { CSSProperties, ReactNode } from 'react'

interface BaseProps {
  className?: string
  style?: CSSProperties
  children?: ReactNode
  onClick?: () => void
}

export function View({ className, style, children, onClick }: BaseProps) {
  return (
    <div className={className} style={style} onClick={onClick}>
      {children}
    </div>
  )
}

export function Text({ className, children, onClick }: BaseProps) {
  return (
    <span className={className} onClick={onClick}>
      {children}
    </span>
  )
}

export function ScrollView({ className, children }: BaseProps & { scrollX?: boolean }) {
  return <div className={className}>{children}</div>
}

export function Image({ className, src }: { className?: string; src: string }) {
  return <img className={className} src={src} alt="" />
}

interface InputProps {
  className?: string
  value?: string
  placeholder?: string
  password?: boolean
  type?: string
  maxlength?: number
  disabled?: boolean
  onInput?: (event: { detail: { value: string } }) => void
  onConfirm?: () => void
}

export function Input({ className, value, placeholder, password, maxlength, disabled, onInput, onConfirm }: InputProps) {
  return (
    <input
      className={className}
      value={value}
      placeholder={placeholder}
      type={password ? 'password' : 'text'}
      maxLength={maxlength}
      disabled={disabled}
      onChange={(e) => onInput?.({ detail: { value: e.target.value } })}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onConfirm?.()
      }}
    />
  )
}

export function Textarea({ className, value, placeholder, maxlength, disabled, onInput }: InputProps) {
  return (
    <textarea
      className={className}
      value={value}
      placeholder={placeholder}
      maxLength={maxlength}
      disabled={disabled}
      onChange={(e) => onInput?.({ detail: { value: e.target.value } })}
    />
  )
}

export function Button({ className, children, onClick, disabled }: BaseProps & { disabled?: boolean }) {
  return (
    <button type="button" className={className} onClick={onClick} disabled={disabled}>
      {children}
    </button>
  )
}
