import { useEffect, useState } from 'react'
import DealershipPicker from '../../../components/DealershipPicker'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { BOOKING_SERVICE_TYPES, BOOKING_SERVICE_TYPE_LABELS } from '@dealer/shared/labels/bookings'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import Chips from '../../../components/Chips'
import Field from '../../../components/Field'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { useDealershipScope } from '../../../hooks/useDealershipScope'
import { bookingAvailability, getBookingSettings, saveBookingSettings } from '../../../services/staffBookings'
import { errorMessage } from '../../../services/request'
import { todayInShanghai } from '../../../utils/booking'
import { changesOf, draftOf, NUMBER_FIELDS, NUMBER_LABELS, type SettingsDraft } from './draft'
import './index.scss'

const SWITCH = [
  { value: 'on' as const, label: '休息' },
  { value: 'off' as const, label: '照常营业' }
]

/**
 * 预约设置: opening hours as time blocks, bays per service type in each block, closed days
 * (the dealership's own, and statutory holidays on or off), lead time, the owners' cutoff,
 * how far ahead, and the open-booking limits. Only changed fields are saved.
 */
export default function BookingSettingsPage() {
  const session = useSession()
  const scope = useDealershipScope(session)
  const dealershipId = scope.effectiveId
  const enabled = session?.kind === 'staff' && dealershipId !== null
  const settings = useAsync(() => getBookingSettings(dealershipId ?? ''), [dealershipId], enabled)
  // The coming month as the calendar sees it: which days are closed, and why.
  const month = useAsync(
    () => bookingAvailability('regular_maintenance', todayInShanghai(), 31, scope.dealershipId),
    [dealershipId, settings.data],
    enabled && Boolean(settings.data)
  )
  const [draft, setDraft] = useState<SettingsDraft | null>(null)
  const [newDay, setNewDay] = useState('')
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)

  useEffect(() => {
    if (settings.data) setDraft(draftOf(settings.data))
  }, [settings.data])

  const edit = (change: (d: SettingsDraft) => SettingsDraft) => setDraft((d) => (d ? change(d) : d))

  async function save() {
    if (!draft || !settings.data || !dealershipId) return
    const changes = changesOf(draft, settings.data)
    if ('problem' in changes) return setMessage({ ok: false, text: changes.problem })
    if (Object.keys(changes.patch).length === 0) return setMessage({ ok: true, text: '没有需要保存的修改' })
    setBusy(true)
    setMessage(null)
    try {
      settings.setData(await saveBookingSettings(dealershipId, changes.patch))
      setMessage({ ok: true, text: '预约设置已保存，新的预约立即按此执行；已有预约不受影响' })
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) })
    } finally {
      setBusy(false)
    }
  }

  function addDay() {
    const day = newDay.trim()
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return setMessage({ ok: false, text: '休息日请按 YYYY-MM-DD 填写，例如 2026-12-31' })
    edit((d) => (d.closedDays.includes(day) ? d : { ...d, closedDays: [...d.closedDays, day].sort() }))
    setNewDay('')
  }

  const holidays = (month.data?.days ?? []).filter((d) => d.closedReason === 'public_holiday')
  return (
    <PageContainer
      className="booking-settings e2e-page-manager-booking-settings"
      require="staff"
      capability="bookings.settings.edit"
      loading={(settings.loading && !draft) || scope.pending}
      error={draft ? null : settings.error}
      onRetry={() => void settings.reload()}
    >
      <DealershipPicker scope={scope} hook="e2e-booking-settings-dealership" />
      {draft ? (
        <View>
          <Section title="营业时段" className="e2e-settings-blocks">
            {draft.blocks.map((b, i) => (
              <View key={i} className="booking-settings__block e2e-settings-block">
                <Field
                  label="开始"
                  value={b.start}
                  onChange={(v) => edit((d) => ({ ...d, blocks: d.blocks.map((x, j) => (j === i ? { ...x, start: v } : x)) }))}
                  placeholder="08:30"
                  maxlength={5}
                  className={`e2e-settings-block-start-${i}`}
                />
                <Field
                  label="结束"
                  value={b.end}
                  onChange={(v) => edit((d) => ({ ...d, blocks: d.blocks.map((x, j) => (j === i ? { ...x, end: v } : x)) }))}
                  placeholder="10:00"
                  maxlength={5}
                  className={`e2e-settings-block-end-${i}`}
                />
                <Button
                  size="small"
                  className={`e2e-settings-block-remove-${i}`}
                  disabled={draft.blocks.length <= 1}
                  onClick={() => edit((d) => ({ ...d, blocks: d.blocks.filter((_, j) => j !== i) }))}
                >
                  删除
                </Button>
              </View>
            ))}
            <Button
              size="small"
              className="e2e-settings-block-add"
              disabled={draft.blocks.length >= 12}
              onClick={() => edit((d) => ({ ...d, blocks: [...d.blocks, { start: '', end: '' }] }))}
            >
              添加时段
            </Button>
          </Section>
          <Section title="每个时段的工位数" className="e2e-settings-capacity">
            <Text className="hint">0 表示该项目不接受线上预约</Text>
            {BOOKING_SERVICE_TYPES.map((t) => (
              <Field
                key={t}
                label={BOOKING_SERVICE_TYPE_LABELS[t]}
                type="number"
                value={draft.capacity[t]}
                onChange={(v) => edit((d) => ({ ...d, capacity: { ...d.capacity, [t]: v } }))}
                className={`e2e-settings-capacity-${t}`}
              />
            ))}
          </Section>
          <Section title="休息日" className="e2e-settings-closed">
            <Chips
              label="法定节假日"
              hook="e2e-settings-holidays"
              options={SWITCH}
              value={draft.closedOnPublicHolidays ? 'on' : 'off'}
              onChange={(v) => edit((d) => ({ ...d, closedOnPublicHolidays: v === 'on' }))}
            />
            {holidays.length ? (
              <Text className="hint e2e-settings-holiday-list">
                近期法定节假日：{holidays.map((d) => `${d.day.slice(5)} ${d.closedLabel ?? ''}`).join('、')}
              </Text>
            ) : null}
            {draft.closedDays.length === 0 ? <Text className="muted">没有门店自定休息日</Text> : null}
            {draft.closedDays.map((day) => (
              <View key={day} className="booking-settings__day e2e-settings-closed-day">
                <Text>{day}</Text>
                <Button
                  size="small"
                  fill="none"
                  className="e2e-settings-closed-remove"
                  onClick={() => edit((d) => ({ ...d, closedDays: d.closedDays.filter((x) => x !== day) }))}
                >
                  移除
                </Button>
              </View>
            ))}
            <Field
              label="添加休息日"
              value={newDay}
              onChange={setNewDay}
              placeholder="YYYY-MM-DD"
              maxlength={10}
              className="e2e-settings-closed-input"
              onConfirm={addDay}
            />
            <Button size="small" className="e2e-settings-closed-add" onClick={addDay}>
              添加
            </Button>
          </Section>
          <Section title="预约规则" className="e2e-settings-rules">
            {NUMBER_FIELDS.map((f) => (
              <Field
                key={f}
                label={NUMBER_LABELS[f]}
                type="number"
                value={draft.numbers[f]}
                onChange={(v) => edit((d) => ({ ...d, numbers: { ...d.numbers, [f]: v } }))}
                className={`e2e-settings-${f}`}
              />
            ))}
          </Section>
          <Section>
            {message ? <Text className={message.ok ? 'success-text e2e-settings-saved' : 'error-text e2e-settings-error'}>{message.text}</Text> : null}
            <Button type="primary" block className="e2e-settings-save" loading={busy} disabled={busy} onClick={() => void save()}>
              保存预约设置
            </Button>
          </Section>
        </View>
      ) : null}
    </PageContainer>
  )
}
