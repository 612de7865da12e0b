import { useEffect, useState } from 'react'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import Field from '../../../components/Field'
import Chips from '../../../components/Chips'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { getOwnerProfile, updateOwnerProfile } from '../../../services/owner'
import { errorMessage } from '../../../services/request'
import type { CalendarKind, Gender, OwnerProfilePatch } from '../../../services/api-types'
import { validateBirthday } from '../../../utils/validation'
import { birthdayDraft, birthdayFromDraft } from '../../../utils/birthday'

const GENDERS = [
  { value: 'male', label: '男' },
  { value: 'female', label: '女' }
] as const
const CALENDARS = [
  { value: 'solar', label: '公历' },
  { value: 'lunar', label: '农历' }
] as const
const LEAP = [
  { value: 'no', label: '非闰月' },
  { value: 'yes', label: '闰月' }
] as const

export default function ProfilePage() {
  const session = useSession()
  const isOwner = session?.kind === 'owner'
  const profile = useAsync(() => getOwnerProfile(), [isOwner], isOwner)
  const [name, setName] = useState('')
  const [gender, setGender] = useState<Gender | ''>('')
  const [calendar, setCalendar] = useState<CalendarKind>('solar')
  const [date, setDate] = useState('')
  const [leap, setLeap] = useState<'no' | 'yes'>('no')
  const [errors, setErrors] = useState<{ name?: string; date?: string }>({})
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)

  useEffect(() => {
    const p = profile.data
    if (!p) return
    setName(p.name ?? '')
    setGender(p.gender ?? '')
    const draft = birthdayDraft(p.birthday)
    setCalendar(draft.calendar)
    setDate(draft.date)
    setLeap(draft.leap ? 'yes' : 'no')
  }, [profile.data])

  async function save() {
    setMessage(null)
    const next: { name?: string; date?: string } = {}
    if (name.trim().length > 30) next.name = '姓名不超过 30 个字'
    if (date.trim()) {
      const problem = validateBirthday(calendar, date)
      if (problem) next.date = problem
    }
    setErrors(next)
    if (next.name || next.date) return
    const patch: OwnerProfilePatch = {}
    if (name.trim()) patch.name = name.trim()
    if (gender) patch.gender = gender
    if (date.trim()) patch.birthday = birthdayFromDraft({ calendar, date, leap: leap === 'yes' })
    setBusy(true)
    try {
      profile.setData(await updateOwnerProfile(patch))
      setMessage({ ok: true, text: '已保存' })
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <PageContainer
      className="e2e-page-owner-profile"
      require="owner"
      loading={profile.loading && !profile.data}
      error={profile.error}
      onRetry={() => void profile.reload()}
    >
      <Section title="个人资料">
        {profile.data?.mobileMasked ? (
          <View className="row">
            <Text className="row__label">手机号</Text>
            <Text className="row__value">{profile.data.mobileMasked}</Text>
          </View>
        ) : null}
        <Field label="姓名" className="e2e-profile-name" value={name} onChange={setName} placeholder="请输入姓名" maxlength={30} error={errors.name} />
        <Chips label="性别" hook="e2e-profile-gender" options={GENDERS} value={gender} onChange={setGender} />
        <Chips label="生日类型" hook="e2e-profile-calendar" options={CALENDARS} value={calendar} onChange={setCalendar} />
        <Field
          label={calendar === 'lunar' ? '农历生日（年-月-日，按农历月日填写）' : '公历生日（年-月-日）'}
          className="e2e-profile-birthday"
          value={date}
          onChange={setDate}
          placeholder={calendar === 'lunar' ? '例如 1988-05-06 表示农历五月初六' : '例如 1988-06-18'}
          maxlength={10}
          error={errors.date}
        />
        {calendar === 'lunar' ? <Chips hook="e2e-profile-leap" options={LEAP} value={leap} onChange={setLeap} /> : null}
        <Text className="hint">很多车主过农历生日：选择农历后，门店会在每年对应的农历日期为您送上祝福。</Text>
        {message ? <Text className={`${message.ok ? 'success-text e2e-profile-saved' : 'error-text e2e-profile-error'}`}>{message.text}</Text> : null}
        <View className="actions">
          <Button type="primary" block className="e2e-profile-save" loading={busy} disabled={busy} onClick={() => void save()}>
            保存
          </Button>
        </View>
      </Section>
    </PageContainer>
  )
}
