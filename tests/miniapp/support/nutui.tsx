/** DOM stand-ins for the NutUI components used by the tested components. */
import type { ReactNode } from 'react'

interface ButtonProps {
  className?: string
  children?: ReactNode
  disabled?: boolean
  loading?: boolean
  onClick?: () => void
}

export function Button({ className, children, disabled, loading, onClick }: ButtonProps) {
  return (
    <button type="button" className={className} disabled={disabled || loading} onClick={onClick}>
      {children}
    </button>
  )
}

interface DialogProps {
  visible?: boolean
  title?: ReactNode
  className?: string
  footer?: ReactNode
  children?: ReactNode
}

export function Dialog({ visible, title, className, footer, children }: DialogProps) {
  if (!visible) return null
  return (
    <div role="dialog" className={className}>
      <div>{title}</div>
      <div>{children}</div>
      <div>{footer}</div>
    </div>
  )
}

export function Progress({ percent }: { percent: number }) {
  return <div role="progressbar" aria-valuenow={percent} />
}
