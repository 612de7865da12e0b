import type { ReactNode } from 'react'
import { Text } from '@tarojs/components'
import Section from '../Section'

export interface ListSectionProps<T> {
  /** Shown as `title（n）`. */
  title: string
  items: readonly T[]
  /** Text when there are no items. */
  empty: string
  /** One list entry (with its key). */
  children: (item: T) => ReactNode
}

/** A Section listing items under a counted title, with a muted line when there are none. */
export default function ListSection<T>({ title, items, empty, children }: ListSectionProps<T>) {
  return (
    <Section title={`${title}（${items.length}）`}>
      {items.length === 0 ? <Text className="muted">{empty}</Text> : null}
      {items.map((item) => children(item))}
    </Section>
  )
}
