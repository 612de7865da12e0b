import { Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro from '@tarojs/taro'
import { ROUTES } from '../../../utils/routes'
import DealershipPicker from '../../../components/DealershipPicker'
import PageContainer from '../../../components/PageContainer'
import { useSession } from '../../../hooks/useSession'
import { useDealershipScope } from '../../../hooks/useDealershipScope'
import ReportsSection from './reports-section'
import AdjustmentsSection from './adjustments-section'
import CatalogSection from './catalog-section'
import RulesSection from './rules-section'
import './index.scss'

/** Manager: points liability and reconciliation, pending adjustments, the catalog, earning rules and expiry. */
export default function ManagerPointsPage() {
  const session = useSession()
  const scope = useDealershipScope(session)
  const id = scope.effectiveId
  return (
    <PageContainer className="e2e-page-manager-points" require="staff" capability="points.manage" loading={scope.pending}>
      <DealershipPicker scope={scope} hook="e2e-points-dealership" />
      {id ? (
        <>
          <ReportsSection dealershipId={id} />
          <Button block className="e2e-points-adjust-open" onClick={() => void Taro.navigateTo({ url: ROUTES.managerPointsAdjust })}>
            手工调整积分
          </Button>
          <AdjustmentsSection dealershipId={id} />
          <CatalogSection dealershipId={id} />
          <RulesSection dealershipId={id} />
        </>
      ) : (
        <Text className="muted">请选择门店</Text>
      )}
    </PageContainer>
  )
}
