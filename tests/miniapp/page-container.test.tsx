import { fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import PageContainer from '../../miniapp/src/components/PageContainer'
import { ApiError } from '../../miniapp/src/services/request-core'
import { clearSession, saveSession } from '../../miniapp/src/services/session'

const manager = { id: 's1', name: '王经理', role: 'manager' as const, dealershipId: 'd1' }
const advisor = { id: 's2', name: '李顾问', role: 'advisor' as const, dealershipId: 'd1' }

afterEach(() => clearSession())

describe('PageContainer', () => {
  it('asks for login when the page needs an owner and nobody is signed in', () => {
    render(
      <PageContainer require="owner">
        <span>我的车辆</span>
      </PageContainer>
    )
    expect(screen.getByText('请先登录')).toBeTruthy()
    expect(screen.queryByText('我的车辆')).toBeNull()
    fireEvent.click(screen.getByText('去登录'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/login/index?mode=owner&redirect=%2Fpages%2Ftest%2Findex' })
  })

  it('shows the content to the right kind of user', () => {
    saveSession('t', { kind: 'owner', ownerId: 'o1' })
    render(
      <PageContainer require="owner">
        <span>我的车辆</span>
      </PageContainer>
    )
    expect(screen.getByText('我的车辆')).toBeTruthy()
  })

  it('keeps manager pages from advisors', () => {
    saveSession('t', { kind: 'staff', staff: advisor })
    render(
      <PageContainer require="staff" capability="console.open">
        <span>员工账号</span>
      </PageContainer>
    )
    expect(screen.getByText('没有权限')).toBeTruthy()
    expect(screen.queryByText('员工账号')).toBeNull()
  })

  it('shows loading, then the error with a retry, then the empty state', () => {
    saveSession('t', { kind: 'staff', staff: manager })
    const onRetry = jest.fn()
    const { rerender } = render(<PageContainer require="staff" capability="console.open" loading />)
    expect(screen.getByText('加载中…')).toBeTruthy()

    rerender(<PageContainer require="staff" capability="console.open" error={new ApiError(500, 'INTERNAL', '服务暂时不可用，请稍后再试')} onRetry={onRetry} />)
    expect(screen.getByText('服务暂时不可用，请稍后再试')).toBeTruthy()
    fireEvent.click(screen.getByText('重试'))
    expect(onRetry).toHaveBeenCalledTimes(1)

    rerender(<PageContainer require="staff" capability="console.open" empty emptyText="暂无导入记录" />)
    expect(screen.getByText('暂无导入记录')).toBeTruthy()
  })

  it('treats a 401 from the API as login required', () => {
    saveSession('t', { kind: 'staff', staff: manager })
    render(<PageContainer require="staff" error={new ApiError(401, 'UNAUTHENTICATED', '登录已过期')} />)
    expect(screen.getByText('请先登录')).toBeTruthy()
  })
})
