import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Field from '../../../components/Field'
import { searchCustomers } from '../../../services/customers'
import { errorMessage } from '../../../services/request'
import type { CustomerList } from '../../../services/api-types'

export type CustomerListItem = CustomerList['items'][number]

/** Finds the customer to adjust by name, phone or plate within the dealership; one is picked. */
export default function CustomerPicker({
  dealershipId,
  picked,
  onPick
}: {
  dealershipId: string
  picked: CustomerListItem | null
  onPick: (customer: CustomerListItem) => void
}) {
  const [q, setQ] = useState('')
  const [found, setFound] = useState<CustomerListItem[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  async function search() {
    setError(null)
    try {
      setFound((await searchCustomers({ q: q.trim(), dealershipId, page: 1, pageSize: 10 })).items)
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  return (
    <View className="customer-picker">
      <Field label="客户（姓名、手机号或车牌）" className="e2e-adjust-search" value={q} onChange={setQ} onConfirm={() => void search()} />
      <Button size="small" className="e2e-adjust-search-go" onClick={() => void search()}>
        搜索
      </Button>
      {error ? <Text className="error-text">{error}</Text> : null}
      {found && found.length === 0 ? <Text className="muted">没有找到客户</Text> : null}
      {found?.map((c) => (
        <View key={c.id} className={`list-item e2e-adjust-customer ${picked?.id === c.id ? 'customer-picker__picked' : ''}`} onClick={() => onPick(c)}>
          <Text className="list-item__title">{c.name}</Text>
          <Text className="list-item__meta">
            {c.mobileMasked ?? '无手机号'}
            {c.bound ? ' · 已绑定' : ''}
          </Text>
        </View>
      ))}
    </View>
  )
}
