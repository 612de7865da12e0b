import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import CoverageBadge from '../../../components/CoverageBadge'
import ServiceRecordItem from '../../../components/ServiceRecordItem'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { getOwnerVehicle } from '../../../services/owner'
import { formatDate, formatMileage, vehicleTitle } from '../../../utils/format'
import { ROUTES, withQuery } from '../../../utils/routes'

export default function VehicleDetailPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const session = useSession()
  const enabled = session?.kind === 'owner' && id !== ''
  const vehicle = useAsync(() => getOwnerVehicle(id), [id, enabled], enabled)
  const v = vehicle.data

  return (
    <PageContainer
      className="e2e-page-owner-vehicle"
      require="owner"
      loading={vehicle.loading && !v}
      error={id ? vehicle.error : new Error('缺少车辆编号')}
      onRetry={() => void vehicle.reload()}
    >
      {v ? (
        <View>
          <Section title={v.plate ?? '无车牌'} className="e2e-vehicle-detail">
            <View className="row">
              <Text className="row__label">车型</Text>
              <Text className="row__value">{vehicleTitle(v)}</Text>
            </View>
            <View className="row">
              <Text className="row__label">车架号后六位</Text>
              <Text className="row__value">{v.vinLast6}</Text>
            </View>
            <View className="row">
              <Text className="row__label">门店</Text>
              <Text className="row__value">{v.dealership.name}</Text>
            </View>
            <View className="row">
              <Text className="row__label">交车日期</Text>
              <Text className="row__value">{formatDate(v.deliveryDate)}</Text>
            </View>
            <View className="row">
              <Text className="row__label">当前里程</Text>
              <Text className="row__value">{formatMileage(v.mileageKm)}</Text>
            </View>
            <View className="row">
              <Text className="row__label">质保</Text>
              <View className="row__value">
                <CoverageBadge kind="warranty" coverage={v.warranty} />
                <CoverageBadge kind="sanbao" coverage={v.sanbao} />
              </View>
            </View>
            <Text className="hint">保修期与三包期以先到的时间或里程为准；里程未知时状态待门店确认。</Text>
            <View className="actions">
              <Button
                type="primary"
                block
                className="e2e-vehicle-book"
                onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.ownerBooking, { vehicleId: v.id }) })}
              >
                预约保养
              </Button>
            </View>
          </Section>
          <Section title="服务记录">
            {v.serviceRecords.length === 0 ? (
              <Text className="muted e2e-service-empty">暂无服务记录</Text>
            ) : (
              v.serviceRecords.map((record) => (
                <ServiceRecordItem
                  key={record.id}
                  record={record}
                  hook="e2e-service-record"
                  action={
                    <Text
                      className="hint e2e-service-record-complain"
                      onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.ownerComplaintNew, { visitKey: `ro:${record.id}` }) })}
                    >
                      对这次服务不满意？投诉
                    </Text>
                  }
                />
              ))
            )}
          </Section>
        </View>
      ) : null}
    </PageContainer>
  )
}
