import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import ClaimForm from '../../../components/ClaimForm'
import CoverageBadge from '../../../components/CoverageBadge'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import ClaimReviews from '../../../components/ClaimReviews'
import { claimVehicle, listBindings, listMyClaimRequests, listOwnerVehicles } from '../../../services/owner'
import type { ClaimRequest } from '../../../services/api-types'
import { ROUTES, withQuery } from '../../../utils/routes'
import { vehicleTitle } from '../../../utils/format'
import './index.scss'

export default function VehiclesPage() {
  const { params } = useRouter()
  const session = useSession()
  const isOwner = session?.kind === 'owner'
  const data = useAsync(
    async () => {
      const [vehicles, bindings, requests] = await Promise.all([listOwnerVehicles(), listBindings(), listMyClaimRequests()])
      return { vehicles: vehicles.items, bindings: bindings.items, requests: requests.items }
    },
    [isOwner],
    isOwner
  )
  const [claiming, setClaiming] = useState(params.claim === '1')
  const [claimNotice, setClaimNotice] = useState<{ pending: boolean; text: string } | null>(null)

  const vehicles = data.data?.vehicles ?? []
  const requests = data.data?.requests ?? []
  const dealerships = (data.data?.bindings ?? []).map((b) => ({ id: b.dealership.id, name: b.dealership.name }))

  async function submitClaim(request: ClaimRequest) {
    const result = await claimVehicle(request)
    if (result.outcome === 'claimed') {
      setClaimNotice({ pending: false, text: `已认领 ${result.vehicle.plate}（${vehicleTitle(result.vehicle)}）` })
      void Taro.showToast({ title: '认领成功', icon: 'success' })
    } else {
      setClaimNotice({ pending: true, text: `已提交 ${result.request.plate ?? ''} 的认领申请，等待门店确认。确认后即可查看车辆档案。` })
      void Taro.showToast({ title: '等待门店确认', icon: 'none' })
    }
    setClaiming(false)
    await data.reload()
  }

  return (
    <PageContainer
      className="vehicles e2e-page-owner-vehicles"
      require="owner"
      loading={data.loading && !data.data}
      error={data.error}
      onRetry={() => void data.reload()}
    >
      {claimNotice ? <Text className={`success-text ${claimNotice.pending ? 'e2e-claim-pending' : 'e2e-claim-success'}`}>{claimNotice.text}</Text> : null}

      {isOwner ? <ClaimReviews who="owner" title="待您确认的车辆认领" /> : null}

      {claiming ? (
        <Section title="认领车辆" className="e2e-claim-section">
          {dealerships.length ? (
            <ClaimForm dealerships={dealerships} defaultDealershipId={params.dealershipId} onSubmit={submitClaim} onCancel={() => setClaiming(false)} />
          ) : (
            <Text className="hint e2e-claim-need-binding">请先扫描门店二维码完成绑定，再认领在该店登记的车辆。</Text>
          )}
        </Section>
      ) : (
        <View className="vehicles__claim-open">
          <Button type="primary" fill="outline" block className="e2e-vehicles-claim-open" onClick={() => setClaiming(true)}>
            + 认领车辆
          </Button>
        </View>
      )}

      {requests.map((request) => (
        <Section key={request.id} className={`vehicles__item vehicles__request e2e-claim-request e2e-claim-request--${request.status}`}>
          <View className="vehicles__head">
            <Text className="vehicles__plate e2e-claim-request-plate">{request.plate ?? '无车牌'}</Text>
            <Text className="muted">{request.dealership.name}</Text>
          </View>
          <Text className={`tag vehicles__status vehicles__status--${request.status} e2e-claim-request-status`}>{request.statusLabel}</Text>
          <Text className="hint e2e-claim-request-message">{request.message}</Text>
        </Section>
      ))}

      {vehicles.length === 0 && requests.length === 0 ? (
        <Section>
          <Text className="muted e2e-vehicles-empty">还没有车辆。用车牌号和车架号后六位认领您在门店登记的车辆。</Text>
        </Section>
      ) : (
        vehicles.map((vehicle) => (
          <Section key={vehicle.id} className="vehicles__item e2e-vehicle-item">
            <View onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.ownerVehicle, { id: vehicle.id }) })}>
              <View className="vehicles__head">
                <Text className="vehicles__plate e2e-vehicle-plate">{vehicle.plate}</Text>
                <Text className="muted">{vehicle.dealership.name}</Text>
              </View>
              <Text className="vehicles__model">{vehicleTitle(vehicle)}</Text>
              <View>
                <CoverageBadge kind="warranty" coverage={vehicle.warranty} />
                <CoverageBadge kind="sanbao" coverage={vehicle.sanbao} />
              </View>
              <Text className="hint">查看服务记录 ›</Text>
            </View>
          </Section>
        ))
      )}
    </PageContainer>
  )
}
