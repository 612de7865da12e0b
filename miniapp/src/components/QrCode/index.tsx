import { useMemo } from 'react'
import { View } from '@tarojs/components'
import { qrModules } from '../../utils/qr'
import './index.scss'

interface QrCodeProps {
  /** What a scanner reads. */
  text: string
  /** Side of one module in design pixels (750 wide). */
  cell?: number
  /** Browser-test hook on the grid. */
  hook?: string
}

/** A QR code drawn as a grid of Views (no canvas: the same in WeChat and in H5), with its quiet zone. */
export default function QrCode({ text, cell = 8, hook = 'e2e-qr' }: QrCodeProps) {
  const rows = useMemo(() => qrModules(text), [text])
  const side = `${cell}px`
  return (
    <View className={`qr ${hook}`} style={{ padding: `${cell * 4}px` }} data-size={rows.length}>
      {rows.map((row, r) => (
        <View key={r} className="qr__row">
          {row.map((dark, c) => (
            <View key={c} className={dark ? 'qr__cell qr__cell--dark' : 'qr__cell'} style={{ width: side, height: side }} />
          ))}
        </View>
      ))}
    </View>
  )
}
