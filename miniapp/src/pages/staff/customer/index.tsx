import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import CoverageBadge from '../../../components/CoverageBadge'
import ContactFields from '../../../components/ContactFields'
import ListSection from '../../../components/ListSection'
import ServiceRecordItem from '../../../components/ServiceRecordItem'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { formatBirthday } from '../../../utils/birthday'
import { can } from '../../../services/session'
import TierSection from './TierSection'
import AftercareSection from './AftercareSection'
import { getCustomer, logContact } from '../../../services/customers'
import { errorMessage } from '../../../services/request'
import {
  CHANNEL_LABELS,
  GENDER_LABELS,
  OCCUPATION_LABELS,
  REGION_LABELS,
  SOURCE_LABELS,
  formatDate,
  formatDateTime,
  formatMileage,
  labelOf,
  vehicleTitle
} from '../../../utils/format'
import { validateContact, type ContactDraft } from '../../../utils/validation'
import { ROUTES, withQuery } from '../../../utils/routes'

function InfoRow({ label, value }: { label: string; value: string }) {
  return (
    <View className="row">
      <Text className="row__label">{label}</Text>
      <Text className="row__value">{value || '—'}</Text>
    </View>
  )
}

export default function CustomerDetailPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const session = useSession()
  const enabled = session?.kind === 'staff' && id !== ''
  const detail = useAsync(() => getCustomer(id), [id, enabled], enabled)
  const [draft, setDraft] = useState<ContactDraft>({ channel: '', outcome: '', note: '' })
  const [errors, setErrors] = useState<Partial<Record<keyof ContactDraft, string>>>({})
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)

  async function submitContact() {
    setMessage(null)
    const problems = validateContact(draft)
    setErrors(problems)
    if (Object.keys(problems).length || !draft.channel) return
    setBusy(true)
    try {
      await logContact(id, { channel: draft.channel, outcome: draft.outcome.trim(), note: draft.note.trim() || undefined })
      setDraft({ channel: '', outcome: '', note: '' })
      setMessage({ ok: true, text: '联系记录已保存' })
      await detail.reload()
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) })
    } finally {
      setBusy(false)
    }
  }

  const data = detail.data
  const c = data?.customer

  return (
    <PageContainer
      className="e2e-page-staff-customer"
      require="staff"
      loading={detail.loading && !data}
      error={id ? detail.error : new Error('缺少客户编号')}
      onRetry={() => void detail.reload()}
    >
      {data && c ? (
        <View>
          <Section title={c.name} className="e2e-customer-info">
            <InfoRow label="手机号" value={c.mobile ?? '—'} />
            <InfoRow label="性别" value={labelOf(GENDER_LABELS, c.gender)} />
            <InfoRow label="生日" value={formatBirthday(c.birthday)} />
            <InfoRow label="区域" value={labelOf(REGION_LABELS, c.regionClass)} />
            <InfoRow label="职业" value={labelOf(OCCUPATION_LABELS, c.occupationClass)} />
            <InfoRow label="年龄段" value={c.ageGroup ?? ''} />
            <InfoRow label="来源" value={labelOf(SOURCE_LABELS, c.source)} />
            <InfoRow label="服务顾问" value={c.advisor?.name ?? '未分配'} />
            <InfoRow label="第二联系人" value={c.secondContact?.name ?? ''} />
            <InfoRow label="营销消息授权" value={c.consent?.marketing ? '已同意' : '未同意'} />
            {c.notes ? <Text className="hint">备注：{c.notes}</Text> : null}
            <View className="e2e-customer-tags">
              {c.tags.length ? (
                c.tags.map((t) => (
                  <Text key={t} className="tag">
                    {t}
                  </Text>
                ))
              ) : (
                <Text className="muted">暂无标签</Text>
              )}
            </View>
          </Section>

          <TierSection customerId={id} manager={can(session, 'tiers.manage')} />

          <AftercareSection customerId={id} canOpenComplaints={can(session, 'aftercare.complaints')} />

          <ListSection title="车辆" items={data.vehicles} empty="暂无车辆">
            {(v) => (
              <View key={v.id} className="list-item e2e-customer-vehicle">
                <Text className="list-item__title">{v.plate ?? '无车牌'}</Text>
                <Text className="list-item__meta">
                  {vehicleTitle(v)} · VIN {v.vin ?? '—'} · 交车 {formatDate(v.deliveryDate)} · {formatMileage(v.mileageKm)}
                </Text>
                {v.warranty || v.sanbao ? (
                  <View>
                    <CoverageBadge kind="warranty" coverage={v.warranty} />
                    <CoverageBadge kind="sanbao" coverage={v.sanbao} />
                  </View>
                ) : null}
                {can(session, 'bookings.work') ? (
                  <View className="actions">
                    <Button
                      size="small"
                      type="primary"
                      fill="outline"
                      className="e2e-customer-book"
                      onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.staffBookingNew, { customerId: id, vehicleId: v.id }) })}
                    >
                      代客预约
                    </Button>
                  </View>
                ) : null}
              </View>
            )}
          </ListSection>

          <ListSection title="维修记录" items={data.serviceRecords} empty="暂无维修记录">
            {(r) => <ServiceRecordItem key={r.id} record={r} hook="e2e-customer-service" />}
          </ListSection>

          <Section title="记录联系" className="e2e-contact-form">
            <ContactFields
              draft={draft}
              errors={errors}
              onChange={setDraft}
              hooks={{ channel: 'e2e-contact-channel', outcome: 'e2e-contact-outcome', note: 'e2e-contact-note' }}
              outcomePlaceholder="例如 已预约周六保养 / 无人接听"
            />
            {message ? <Text className={message.ok ? 'success-text e2e-contact-saved' : 'error-text e2e-contact-error'}>{message.text}</Text> : null}
            <View className="actions">
              <Button type="primary" block className="e2e-contact-submit" loading={busy} disabled={busy} onClick={() => void submitContact()}>
                保存联系记录
              </Button>
            </View>
          </Section>

          <ListSection title="联系记录" items={data.contacts} empty="暂无联系记录">
            {(contact) => (
              <View key={contact.id} className="list-item e2e-contact-item">
                <Text className="list-item__title">
                  {labelOf(CHANNEL_LABELS, contact.channel)} · {contact.outcome}
                </Text>
                {contact.note ? <Text className="list-item__meta">{contact.note}</Text> : null}
                <Text className="list-item__meta">
                  {formatDateTime(contact.at)} · {contact.staff?.name ?? ''}
                </Text>
              </View>
            )}
          </ListSection>
        </View>
      ) : null}
    </PageContainer>
  )
}
