import type { ReactNode } from 'react'
import { View, Text, ScrollView } from '@tarojs/components'
import './index.scss'

export interface Column<Row> {
  key: string
  title: string
  /** Width in design px (750 scale). */
  width?: number
  render?: (row: Row) => ReactNode
}

export interface DataTableProps<Row> {
  columns: ReadonlyArray<Column<Row>>
  rows: ReadonlyArray<Row>
  rowKey: (row: Row, index: number) => string
  /** Table hook; each row is `<hook>-row`. */
  hook: string
  emptyText?: string
}

function cellText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—'
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/** A plain, horizontally scrollable table (the same markup in the mini-program and H5). */
export default function DataTable<Row>({ columns, rows, rowKey, hook, emptyText = '暂无数据' }: DataTableProps<Row>) {
  return (
    <ScrollView scrollX className={`data-table ${hook}`}>
      <View className="data-table__inner">
        <View className="data-table__row data-table__row--head">
          {columns.map((column) => (
            <View key={column.key} className="data-table__cell" style={{ width: `${(column.width ?? 180) / 2}px`, minWidth: `${(column.width ?? 180) / 2}px` }}>
              <Text>{column.title}</Text>
            </View>
          ))}
        </View>
        {rows.length === 0 ? (
          <View className="data-table__empty">
            <Text>{emptyText}</Text>
          </View>
        ) : (
          rows.map((row, index) => (
            <View key={rowKey(row, index)} className={`data-table__row ${hook}-row`}>
              {columns.map((column) => (
                <View
                  key={column.key}
                  className="data-table__cell"
                  style={{ width: `${(column.width ?? 180) / 2}px`, minWidth: `${(column.width ?? 180) / 2}px` }}
                >
                  {column.render ? column.render(row) : <Text>{cellText((row as Record<string, unknown>)[column.key])}</Text>}
                </View>
              ))}
            </View>
          ))
        )}
      </View>
    </ScrollView>
  )
}
