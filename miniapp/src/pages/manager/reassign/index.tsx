import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import Chips from '../../../components/Chips'
import ConfirmDialog from '../../../components/ConfirmDialog'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { listStaff } from '../../../services/staff'
import { reassignCustomers } from '../../../services/customers'
import { errorMessage } from '../../../services/request'
import { can } from '../../../services/session'
import type { ReassignResult } from '../../../services/api-types'

export default function ReassignPage() {
  const session = useSession()
  const manager = can(session, 'customers.reassign')
  const staff = useAsync(() => listStaff(), [manager], manager)
  const advisors = (staff.data?.items ?? []).filter((s) => s.role === 'advisor')
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [result, setResult] = useState<ReassignResult | null>(null)

  const nameOf = (id: string) => advisors.find((a) => a.id === id)?.name ?? ''
  const fromOptions = advisors.map((a) => ({ value: a.id, label: a.disabled ? `${a.name}（已停用）` : a.name }))
  const toOptions = advisors.filter((a) => !a.disabled && a.id !== from).map((a) => ({ value: a.id, label: a.name }))

  function ask() {
    setError(null)
    setResult(null)
    if (!from || !to) {
      setError('请选择转出顾问和接收顾问')
      return
    }
    if (from === to) {
      setError('转出与接收顾问不能相同')
      return
    }
    setConfirming(true)
  }

  async function run() {
    setBusy(true)
    try {
      setResult(await reassignCustomers(from, to))
      setConfirming(false)
    } catch (e) {
      setError(errorMessage(e))
      setConfirming(false)
    } finally {
      setBusy(false)
    }
  }

  return (
    <PageContainer
      className="e2e-page-manager-reassign"
      require="staff"
      capability="customers.reassign"
      loading={staff.loading && !staff.data}
      error={staff.error}
      onRetry={() => void staff.reload()}
    >
      <Section title="批量转移客户">
        <Text className="hint">把一位服务顾问名下的全部客户转给另一位顾问；已绑定微信的车主会收到新顾问的通知。</Text>
        <Chips
          label="转出顾问"
          hook="e2e-reassign-from"
          options={fromOptions}
          value={from}
          onChange={(value) => {
            setFrom(value)
            if (value === to) setTo('')
          }}
        />
        <Chips label="接收顾问" hook="e2e-reassign-to" options={toOptions} value={to} onChange={setTo} />
        {error ? <Text className="error-text e2e-reassign-error">{error}</Text> : null}
        {result ? (
          <Text className="success-text e2e-reassign-result">
            已转移 {result.moved} 位客户，已通知 {result.notified} 位车主。
          </Text>
        ) : null}
        <View className="actions">
          <Button type="primary" block className="e2e-reassign-submit" onClick={ask}>
            转移客户
          </Button>
        </View>
      </Section>
      <ConfirmDialog
        visible={confirming}
        title="确认转移"
        content={`将「${nameOf(from)}」名下的全部客户转给「${nameOf(to)}」？`}
        confirmText="确认转移"
        busy={busy}
        onConfirm={() => void run()}
        onCancel={() => setConfirming(false)}
      />
    </PageContainer>
  )
}
