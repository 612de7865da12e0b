import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import StaffMenu from '../../../components/StaffMenu'
import { CONSOLE_ENTRIES } from '../../../utils/menus'
import './index.scss'

export default function ManagerHome() {
  return (
    <PageContainer className="e2e-page-manager-home" require="staff" capability="console.open">
      <Section>
        <StaffMenu entries={CONSOLE_ENTRIES} variant="list" />
      </Section>
    </PageContainer>
  )
}
