import { render } from '@testing-library/react'
import { roleCan, rolesWith } from '@dealer/shared/auth/capabilities'
import { STAFF_ROLES } from '@dealer/shared/labels/staff'
import PageContainer from '../../miniapp/src/components/PageContainer'
import StaffMenu from '../../miniapp/src/components/StaffMenu'
import { clearSession, saveSession } from '../../miniapp/src/services/session'
import { CONSOLE_ENTRIES, STAFF_SHORTCUTS } from '../../miniapp/src/utils/menus'

/** The mini-program shows menu entries and pages from the same capability map the server enforces. */

type StaffRole = (typeof STAFF_ROLES)[number]

const signIn = (role: StaffRole) =>
  saveSession('t', { kind: 'staff', staff: { id: `s-${role}`, name: role, role, dealershipId: role === 'group_admin' ? null : 'd1' } })

afterEach(() => clearSession())

describe('menus follow the capability map', () => {
  it.each(STAFF_ROLES)('renders exactly the entries a %s holds the capability for', (role) => {
    signIn(role)
    for (const [entries, variant] of [
      [STAFF_SHORTCUTS, 'links'],
      [CONSOLE_ENTRIES, 'list']
    ] as const) {
      const { container, unmount } = render(<StaffMenu entries={entries} variant={variant} />)
      for (const entry of entries) {
        expect({ hook: entry.hook, shown: container.querySelector(`.${entry.hook}`) !== null }).toEqual({
          hook: entry.hook,
          shown: roleCan(role, entry.capability)
        })
      }
      unmount()
    }
  })

  it('an advisor lacks kpis.read: no KPI link, while marketing has it', () => {
    expect(rolesWith('kpis.read')).not.toContain('advisor')
    signIn('advisor')
    const asAdvisor = render(<StaffMenu entries={STAFF_SHORTCUTS} variant="links" />)
    expect(asAdvisor.container.querySelector('.e2e-customers-kpis')).toBeNull()
    expect(asAdvisor.container.querySelector('.e2e-customers-tasks')).not.toBeNull()
    asAdvisor.unmount()

    signIn('marketing')
    const asMarketing = render(<StaffMenu entries={STAFF_SHORTCUTS} variant="links" />)
    expect(asMarketing.container.querySelector('.e2e-customers-kpis')).not.toBeNull()
  })

  it('a page naming a capability is forbidden to roles without it and says who may use it', () => {
    signIn('marketing')
    const page = render(
      <PageContainer require="staff" capability="imports.run">
        <span>DMS 数据导入</span>
      </PageContainer>
    )
    expect(page.queryByText('DMS 数据导入')).toBeNull()
    expect(page.getByText('此页面仅限店总/经理使用')).toBeTruthy()
    page.unmount()

    const insight = render(<PageContainer require="staff" capability="kpis.read" />)
    expect(insight.queryByText('没有权限')).toBeNull()
    insight.unmount()

    signIn('advisor')
    const refused = render(<PageContainer require="staff" capability="kpis.read" />)
    expect(refused.getByText('此页面仅限店总/经理和市场专员使用')).toBeTruthy()
  })
})
