import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import ConfirmDialog from '../../../components/ConfirmDialog'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { listBindings, unbindDealership } from '../../../services/owner'
import { errorMessage } from '../../../services/request'
import type { Binding } from '../../../services/api-types'
import { formatDate, SOURCE_LABELS, labelOf } from '../../../utils/format'
import { ROUTES, withQuery } from '../../../utils/routes'

export default function DealershipsPage() {
  const session = useSession()
  const isOwner = session?.kind === 'owner'
  const bindings = useAsync(() => listBindings(), [isOwner], isOwner)
  const [pending, setPending] = useState<Binding | null>(null)
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<string | null>(null)
  const items = bindings.data?.items ?? []

  async function confirmUnbind() {
    if (!pending) return
    setBusy(true)
    try {
      await unbindDealership(pending.dealership.id)
      setMessage(`已解除与「${pending.dealership.name}」的绑定`)
      setPending(null)
      await bindings.reload()
    } catch (e) {
      setMessage(errorMessage(e))
      setPending(null)
    } finally {
      setBusy(false)
    }
  }

  return (
    <PageContainer
      className="e2e-page-owner-dealerships"
      require="owner"
      loading={bindings.loading && !bindings.data}
      error={bindings.error}
      onRetry={() => void bindings.reload()}
      empty={items.length === 0 && !message}
      emptyText="还没有绑定门店，请扫描门店二维码绑定"
    >
      {message ? <Text className="success-text e2e-dealerships-message">{message}</Text> : null}
      <Section>
        {items.map((binding) => (
          <View key={binding.dealership.id} className="list-item e2e-dealership-item">
            <Text className="list-item__title">{binding.dealership.name}</Text>
            <Text className="list-item__meta">
              绑定于 {formatDate(binding.boundAt)} · {labelOf(SOURCE_LABELS, binding.source)}
            </Text>
            <View className="actions">
              <Button
                size="small"
                type="primary"
                fill="outline"
                className="e2e-dealership-claim"
                onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.ownerVehicles, { claim: 1, dealershipId: binding.dealership.id }) })}
              >
                认领车辆
              </Button>
              <Button size="small" type="danger" fill="outline" className="e2e-dealership-unbind" onClick={() => setPending(binding)}>
                解除绑定
              </Button>
            </View>
          </View>
        ))}
      </Section>
      <ConfirmDialog
        visible={pending !== null}
        title="解除绑定"
        content={pending ? `解除后将不再收到「${pending.dealership.name}」的保养提醒与通知，车辆也将从列表中移除。确定解除吗？` : ''}
        confirmText="解除绑定"
        danger
        busy={busy}
        onConfirm={() => void confirmUnbind()}
        onCancel={() => setPending(null)}
      />
    </PageContainer>
  )
}
