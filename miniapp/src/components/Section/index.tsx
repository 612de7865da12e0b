import type { ReactNode } from 'react'
import { View, Text } from '@tarojs/components'
import './index.scss'

export interface SectionProps {
  title?: string
  extra?: ReactNode
  className?: string
  children?: ReactNode
}

/** A white card with an optional title row. */
export default function Section({ title, extra, className = '', children }: SectionProps) {
  return (
    <View className={`section ${className}`}>
      {title || extra ? (
        <View className="section__head">
          <Text className="section__title">{title}</Text>
          {extra}
        </View>
      ) : null}
      <View className="section__body">{children}</View>
    </View>
  )
}
