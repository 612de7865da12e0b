import { Text } from '@tarojs/components'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import Chips from '../../../components/Chips'
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
      {scope.choices.length > 1 ? (
        <Section>
          <Chips
            label="门店"
            hook="e2e-points-dealership"
            options={scope.choices.map((d) => ({ value: d.id, label: d.name }))}
            value={scope.dealershipId ?? ''}
            onChange={scope.choose}
          />
        </Section>
      ) : null}
      {id ? (
        <>
          <ReportsSection dealershipId={id} />
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
