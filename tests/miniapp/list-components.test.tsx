import { useState } from 'react'
import { fireEvent, render, screen } from '@testing-library/react'
import ContactFields from '../../miniapp/src/components/ContactFields'
import ListSection from '../../miniapp/src/components/ListSection'
import ServiceRecordItem from '../../miniapp/src/components/ServiceRecordItem'
import type { ServiceRecord } from '../../miniapp/src/services/api-types'
import type { ContactDraft } from '../../miniapp/src/utils/validation'

const HOOKS = { channel: 'e2e-x-channel', outcome: 'e2e-x-outcome', note: 'e2e-x-note' }

function ContactForm({ errors = {}, seen }: { errors?: Partial<Record<keyof ContactDraft, string>>; seen: (draft: ContactDraft) => void }) {
  const [draft, setDraft] = useState<ContactDraft>({ channel: '', outcome: '', note: '' })
  seen(draft)
  return <ContactFields draft={draft} errors={errors} onChange={setDraft} hooks={HOOKS} outcomePlaceholder="例如 无人接听" />
}

function field(selector: string): HTMLInputElement | HTMLTextAreaElement {
  const el = document.querySelector(selector)
  if (!(el instanceof HTMLInputElement) && !(el instanceof HTMLTextAreaElement)) throw new Error(`no field at ${selector}`)
  return el
}

describe('ContactFields', () => {
  it('edits the channel, outcome and note of the draft through the e2e hooks', () => {
    let draft: ContactDraft | undefined
    render(<ContactForm seen={(d) => (draft = d)} />)
    fireEvent.click(document.querySelector('.e2e-x-channel-wechat') as Element)
    fireEvent.change(field('.e2e-x-outcome input'), { target: { value: '已预约保养' } })
    fireEvent.change(field('.e2e-x-note textarea'), { target: { value: '周六上午' } })
    expect(draft).toEqual({ channel: 'wechat', outcome: '已预约保养', note: '周六上午' })
    expect(document.querySelector('.e2e-x-channel-wechat')?.className).toContain('chip--active')
    expect(field('.e2e-x-outcome input').placeholder).toBe('例如 无人接听')
  })

  it('offers the four contact channels and shows field errors', () => {
    render(<ContactForm errors={{ channel: '请选择联系方式', outcome: '请填写联系结果' }} seen={() => undefined} />)
    for (const channel of ['phone', 'visit', 'wechat', 'sms']) expect(document.querySelector(`.e2e-x-channel-${channel}`)).not.toBeNull()
    expect(screen.getByText('电话')).toBeTruthy()
    expect(document.querySelector('.e2e-x-channel .chips__error')?.textContent).toBe('请选择联系方式')
    expect(document.querySelector('.e2e-x-outcome .field__error')?.textContent).toBe('请填写联系结果')
  })
})

describe('ListSection', () => {
  it('counts the items in the title and renders each', () => {
    render(
      <ListSection title="车辆" items={['粤B12345', '粤B54321']} empty="暂无车辆">
        {(plate) => (
          <span key={plate} className="plate">
            {plate}
          </span>
        )}
      </ListSection>
    )
    expect(screen.getByText('车辆（2）')).toBeTruthy()
    expect([...document.querySelectorAll('.plate')].map((el) => el.textContent)).toEqual(['粤B12345', '粤B54321'])
    expect(screen.queryByText('暂无车辆')).toBeNull()
  })

  it('says so when there are none', () => {
    render(
      <ListSection title="联系记录" items={[] as string[]} empty="暂无联系记录">
        {(item) => <span key={item}>{item}</span>}
      </ListSection>
    )
    expect(screen.getByText('联系记录（0）')).toBeTruthy()
    expect(screen.getByText('暂无联系记录').className).toBe('muted')
  })
})

describe('ServiceRecordItem', () => {
  it('shows date, type, order number, mileage and amount under its hook', () => {
    const record: ServiceRecord = {
      id: 'r1',
      roNumber: 'RO2025001',
      serviceDate: '2025-03-01',
      type: 'regular_maintenance',
      typeLabel: '定保',
      amountFen: 123450,
      mileageKm: 12000
    }
    render(<ServiceRecordItem record={record} hook="e2e-service-record" />)
    const item = document.querySelector('.list-item.e2e-service-record')
    expect(item?.querySelector('.list-item__title')?.textContent).toBe('2025-03-01 · 定保')
    expect(item?.querySelector('.list-item__meta')?.textContent).toBe('工单 RO2025001 · 12,000 公里 · ¥1,234.50')
  })
})
