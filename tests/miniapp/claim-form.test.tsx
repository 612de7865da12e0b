import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import ClaimForm from '../../miniapp/src/components/ClaimForm'
import { ApiError } from '../../miniapp/src/services/request-core'
import type { ClaimRequest } from '../../miniapp/src/services/api-types'

const DEALERS = [{ id: 'd1', name: '广州骏达4S店' }]

function input(hook: string): HTMLInputElement {
  const el = document.querySelector(`.${hook} input`)
  if (!(el instanceof HTMLInputElement)) throw new Error(`no input in .${hook}`)
  return el
}

function fill(plate: string, vin: string) {
  fireEvent.change(input('e2e-claim-plate'), { target: { value: plate } })
  fireEvent.change(input('e2e-claim-vin'), { target: { value: vin } })
}

describe('ClaimForm', () => {
  it('refuses an empty form without calling the API', async () => {
    const onSubmit = jest.fn(async (_request: ClaimRequest) => undefined)
    render(<ClaimForm dealerships={DEALERS} onSubmit={onSubmit} />)
    fireEvent.click(screen.getByText('认领车辆'))
    expect(await screen.findByText('请输入车牌号')).toBeTruthy()
    expect(screen.getByText('请输入车架号（VIN）后六位')).toBeTruthy()
    expect(onSubmit).not.toHaveBeenCalled()
  })

  it('explains a malformed plate and VIN tail', async () => {
    const onSubmit = jest.fn(async (_request: ClaimRequest) => undefined)
    render(<ClaimForm dealerships={DEALERS} onSubmit={onSubmit} />)
    fill('A12345', '12O45')
    fireEvent.click(screen.getByText('认领车辆'))
    expect(await screen.findByText('车牌号格式不正确，例如 粤B12345')).toBeTruthy()
    expect(screen.getByText('车架号后六位应为 6 位字母或数字（不含 I、O、Q）')).toBeTruthy()
    expect(onSubmit).not.toHaveBeenCalled()
  })

  it('submits the normalised plate and upper-case VIN tail for the chosen dealership', async () => {
    const onSubmit = jest.fn(async (_request: ClaimRequest) => undefined)
    render(<ClaimForm dealerships={DEALERS} onSubmit={onSubmit} />)
    fill('粤a·12345', 'ab12c3')
    fireEvent.click(screen.getByText('认领车辆'))
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ dealershipId: 'd1', plate: '粤A12345', vinLast6: 'AB12C3' }))
  })

  it('shows the attempts left when the API says the VIN does not match', async () => {
    const onSubmit = jest.fn(async (_request: ClaimRequest) => {
      throw new ApiError(422, 'VIN_MISMATCH', '车架号不匹配', { attemptsLeft: 2 })
    })
    render(<ClaimForm dealerships={DEALERS} onSubmit={onSubmit} />)
    fill('粤A12345', '000000')
    fireEvent.click(screen.getByText('认领车辆'))
    expect(await screen.findByText('车架号后六位与车牌不匹配，今天还可尝试 2 次')).toBeTruthy()
  })

  it('tells the owner to come back tomorrow after too many attempts', async () => {
    const onSubmit = jest.fn(async (_request: ClaimRequest) => {
      throw new ApiError(429, 'TOO_MANY_ATTEMPTS', '尝试次数过多')
    })
    render(<ClaimForm dealerships={DEALERS} onSubmit={onSubmit} />)
    fill('粤A12345', '000000')
    fireEvent.click(screen.getByText('认领车辆'))
    expect(await screen.findByText('今天尝试次数过多，请明天再试或联系门店服务顾问')).toBeTruthy()
  })

  it('lets the owner pick among several bound dealerships', async () => {
    const onSubmit = jest.fn(async (_request: ClaimRequest) => undefined)
    render(<ClaimForm dealerships={[...DEALERS, { id: 'd2', name: '深圳骏达4S店' }]} onSubmit={onSubmit} />)
    fireEvent.click(screen.getByText('深圳骏达4S店'))
    fill('粤B12345', '123456')
    fireEvent.click(screen.getByText('认领车辆'))
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ dealershipId: 'd2', plate: '粤B12345', vinLast6: '123456' }))
  })
})
