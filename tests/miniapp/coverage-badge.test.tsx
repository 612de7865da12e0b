import { render, screen } from '@testing-library/react'
import CoverageBadge from '../../miniapp/src/components/CoverageBadge'

describe('CoverageBadge', () => {
  it('shows an active warranty with its end date in green', () => {
    render(<CoverageBadge kind="warranty" coverage={{ status: 'active', endsOn: '2026-05-01' }} />)
    const badge = screen.getByText('保修期内（至 2026-05-01）')
    expect(badge.className).toContain('coverage-badge--success')
    expect(badge.className).toContain('e2e-badge-warranty')
  })

  it('shows an expired 三包 in red', () => {
    render(<CoverageBadge kind="sanbao" coverage={{ status: 'expired', endsOn: '2025-05-01' }} />)
    expect(screen.getByText('已过三包期').className).toContain('coverage-badge--danger')
  })

  it('says the status needs confirming when mileage or delivery date is unknown', () => {
    render(<CoverageBadge kind="warranty" coverage={{ status: 'unknown', endsOn: null }} />)
    expect(screen.getByText('保修状态待确认').className).toContain('coverage-badge--warning')
  })

  it('marks 三包 as not applicable for non-household vehicles', () => {
    render(<CoverageBadge kind="sanbao" coverage={{ status: 'not_applicable', endsOn: null }} />)
    expect(screen.getByText('不适用三包').className).toContain('coverage-badge--muted')
  })

  it('treats a missing coverage as unknown rather than active', () => {
    render(<CoverageBadge kind="sanbao" coverage={null} />)
    expect(screen.getByText('三包状态待确认')).toBeTruthy()
  })
})
