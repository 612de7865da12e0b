import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import Chips from '../../../components/Chips'
import type { ImportColumns, ImportUnreadable } from '../../../services/api-types'

const IGNORE = { value: 'ignore', label: '不导入' }

interface MappingProps {
  columns: ImportColumns
  /** The manager's choices, header → field ('ignore' to drop a column). */
  mapping: Record<string, string>
  onMap: (column: string, field: string) => void
  disabled?: boolean
}

/** Recognised columns (column → field) and ignored ones, each of which may be mapped to a field. */
export function ColumnMapping({ columns, mapping, onMap, disabled }: MappingProps) {
  const [open, setOpen] = useState<string | null>(null)
  const options = [IGNORE, ...columns.targets.map((t) => ({ value: t.field, label: t.label }))]
  const labelOf = (field: string) => options.find((o) => o.value === field)?.label ?? field
  return (
    <View className="imports__columns e2e-import-columns">
      <Text className="imports__subtitle">已识别的列</Text>
      {columns.recognised.length === 0 ? <Text className="muted">没有识别出任何列</Text> : null}
      {columns.recognised.map((c) => (
        <View key={c.column} className="imports__column e2e-import-recognised-row">
          <Text>
            {c.column} → {c.label}
            {c.by === 'mapping' ? '（按已保存的映射）' : ''}
          </Text>
        </View>
      ))}
      <Text className="imports__subtitle">未识别、将被忽略的列</Text>
      {columns.ignored.length === 0 ? <Text className="muted e2e-import-no-ignored">没有</Text> : null}
      {columns.ignored.map((column, index) => (
        <View key={column} className="imports__column e2e-import-ignored-row">
          <Text>
            {column}
            {mapping[column] ? ` → ${labelOf(mapping[column])}` : ''}
          </Text>
          <Text
            className={`imports__map e2e-import-map-toggle-${index}`}
            onClick={() => {
              if (!disabled) setOpen(open === column ? null : column)
            }}
          >
            {open === column ? '收起' : '映射到字段'}
          </Text>
          {open === column ? (
            <Chips
              hook={`e2e-import-map-${index}`}
              options={options}
              value={mapping[column] ?? null}
              disabled={disabled}
              onChange={(field) => {
                onMap(column, field)
                setOpen(null)
              }}
            />
          ) : null}
        </View>
      ))}
      {columns.ignored.length > 0 ? <Text className="hint">映射后的列在导入时保存，下次上传相同表头的文件会自动使用。</Text> : null}
    </View>
  )
}

/** Values that could not be read, per column and reason, with examples. */
export function UnreadableValues({ items }: { items: ImportUnreadable[] }) {
  if (items.length === 0) return null
  return (
    <View className="imports__unreadable e2e-import-unreadable">
      <Text className="imports__subtitle">无法识别的值</Text>
      {items.map((item) => (
        <View key={`${item.column}-${item.reason}`} className="imports__column e2e-import-unreadable-row">
          <Text>
            {item.column}：{item.reason} · {item.count} 处{item.examples.length > 0 ? `（如：${item.examples.join('、')}）` : ''}
          </Text>
        </View>
      ))}
    </View>
  )
}
