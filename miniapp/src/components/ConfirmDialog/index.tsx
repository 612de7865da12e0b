import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { Button, Dialog } from '@nutui/nutui-react-taro'
import './index.scss'

export interface ConfirmDialogProps {
  visible: boolean
  title: string
  content: ReactNode
  confirmText?: string
  danger?: boolean
  busy?: boolean
  onConfirm: () => void
  onCancel: () => void
}

/** Confirmation with stable hooks: `.e2e-confirm-ok` / `.e2e-confirm-cancel`. */
export default function ConfirmDialog({ visible, title, content, confirmText = '确定', danger, busy, onConfirm, onCancel }: ConfirmDialogProps) {
  return (
    <Dialog
      visible={visible}
      title={title}
      className="confirm-dialog e2e-confirm"
      onClose={onCancel}
      onCancel={onCancel}
      footer={
        <View className="confirm-dialog__footer">
          <Button className="e2e-confirm-cancel" onClick={onCancel} disabled={busy}>
            取消
          </Button>
          <Button className="e2e-confirm-ok" type={danger ? 'danger' : 'primary'} loading={busy} onClick={onConfirm}>
            {confirmText}
          </Button>
        </View>
      }
    >
      {content}
    </Dialog>
  )
}
