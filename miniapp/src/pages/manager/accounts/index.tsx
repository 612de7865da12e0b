import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import Field from '../../../components/Field'
import Chips from '../../../components/Chips'
import ConfirmDialog from '../../../components/ConfirmDialog'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { createStaff, listStaff, revokeStaffSessions, updateStaff } from '../../../services/staff'
import { errorMessage } from '../../../services/request'
import { can } from '../../../services/session'
import type { StaffAccount, StaffRole } from '../../../services/api-types'
import { ROLE_LABELS } from '../../../utils/format'
import { fieldErrorsFrom, validateStaffDraft, type StaffDraft } from '../../../utils/validation'
import './index.scss'

type PendingAction = { kind: 'toggle' | 'revoke'; account: StaffAccount }

const EMPTY_DRAFT: StaffDraft = { username: '', name: '', role: '', password: '' }

export default function AccountsPage() {
  const session = useSession()
  const manager = can(session, 'staff.manage')
  const me = session?.kind === 'staff' ? session.staff : null
  const staff = useAsync(() => listStaff(), [manager], manager)
  const [creating, setCreating] = useState(false)
  const [draft, setDraft] = useState<StaffDraft>(EMPTY_DRAFT)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [pending, setPending] = useState<PendingAction | null>(null)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)

  const roles: StaffRole[] = me?.role === 'group_admin' ? ['group_admin', 'manager', 'advisor', 'marketing'] : ['manager', 'advisor', 'marketing']
  const roleOptions = roles.map((value) => ({ value, label: ROLE_LABELS[value] }))

  async function submit() {
    setFormError(null)
    const problems = validateStaffDraft(draft)
    setErrors(problems)
    if (Object.keys(problems).length || !draft.role) return
    setBusy(true)
    try {
      const created = await createStaff({ username: draft.username.trim().toLowerCase(), name: draft.name.trim(), role: draft.role, password: draft.password })
      setDraft(EMPTY_DRAFT)
      setCreating(false)
      setMessage({ ok: true, text: `已创建账号 ${created?.username ?? draft.username}` })
      await staff.reload()
    } catch (e) {
      setErrors(fieldErrorsFrom(e))
      setFormError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  async function confirmPending() {
    if (!pending) return
    setBusy(true)
    const { kind, account } = pending
    try {
      if (kind === 'toggle') {
        await updateStaff(account.id, { disabled: !account.disabled })
        setMessage({ ok: true, text: account.disabled ? `已启用 ${account.name}` : `已停用 ${account.name}，其登录已失效` })
      } else {
        await revokeStaffSessions(account.id)
        setMessage({ ok: true, text: `${account.name} 已在所有设备上退出登录` })
      }
      setPending(null)
      await staff.reload()
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) })
      setPending(null)
    } finally {
      setBusy(false)
    }
  }

  const items = staff.data?.items ?? []

  return (
    <PageContainer
      className="accounts e2e-page-manager-accounts"
      require="staff"
      capability="staff.manage"
      loading={staff.loading && !staff.data}
      error={staff.error}
      onRetry={() => void staff.reload()}
    >
      {message ? <Text className={message.ok ? 'success-text e2e-accounts-message' : 'error-text e2e-accounts-message'}>{message.text}</Text> : null}

      {creating ? (
        <Section title="新建员工账号" className="e2e-account-form">
          <Field
            label="用户名"
            className="e2e-account-username"
            value={draft.username}
            maxlength={32}
            error={errors.username}
            onChange={(username) => setDraft((d) => ({ ...d, username }))}
          />
          <Field
            label="姓名"
            className="e2e-account-name"
            value={draft.name}
            maxlength={30}
            error={errors.name}
            onChange={(name) => setDraft((d) => ({ ...d, name }))}
          />
          <Chips
            label="角色"
            hook="e2e-account-role"
            options={roleOptions}
            value={draft.role}
            error={errors.role}
            onChange={(role) => setDraft((d) => ({ ...d, role }))}
          />
          <Field
            label="初始密码"
            className="e2e-account-password"
            value={draft.password}
            password
            maxlength={200}
            error={errors.password}
            onChange={(password) => setDraft((d) => ({ ...d, password }))}
          />
          {formError ? <Text className="error-text e2e-account-error">{formError}</Text> : null}
          <View className="actions">
            <Button className="e2e-account-cancel" onClick={() => setCreating(false)}>
              取消
            </Button>
            <Button type="primary" className="e2e-account-submit" loading={busy} disabled={busy} onClick={() => void submit()}>
              创建
            </Button>
          </View>
        </Section>
      ) : (
        <View className="accounts__new">
          <Button type="primary" fill="outline" block className="e2e-accounts-new" onClick={() => setCreating(true)}>
            + 新建员工账号
          </Button>
        </View>
      )}

      <Section title={`员工（${items.length}）`}>
        {items.map((account) => (
          <View key={account.id} className={`list-item e2e-account-row ${account.disabled ? 'accounts__row--disabled' : ''}`}>
            <View className="accounts__line">
              <Text className="list-item__title e2e-account-row-name">{account.name}</Text>
              <Text className="tag">{ROLE_LABELS[account.role] ?? account.role}</Text>
            </View>
            <Text className="list-item__meta">
              用户名 {account.username}
              {account.advisorCode ? ` · 顾问码 ${account.advisorCode}` : ''}
              {account.disabled ? ' · 已停用' : ''}
            </Text>
            {account.id !== me?.id ? (
              <View className="actions">
                <Button
                  size="small"
                  type={account.disabled ? 'primary' : 'danger'}
                  fill="outline"
                  className="e2e-account-toggle"
                  onClick={() => setPending({ kind: 'toggle', account })}
                >
                  {account.disabled ? '启用' : '停用'}
                </Button>
                <Button size="small" fill="outline" className="e2e-account-revoke" onClick={() => setPending({ kind: 'revoke', account })}>
                  强制下线
                </Button>
              </View>
            ) : (
              <Text className="hint">（当前登录账号）</Text>
            )}
          </View>
        ))}
      </Section>

      <ConfirmDialog
        visible={pending !== null}
        title={pending?.kind === 'revoke' ? '强制下线' : pending?.account.disabled ? '启用账号' : '停用账号'}
        content={
          pending
            ? pending.kind === 'revoke'
              ? `${pending.account.name} 将在所有设备上退出登录，需要重新输入密码。`
              : pending.account.disabled
                ? `启用后 ${pending.account.name} 可以重新登录。`
                : `停用后 ${pending.account.name} 将无法登录，已登录的设备也会失效。`
            : ''
        }
        danger={pending?.kind === 'toggle' && !pending.account.disabled}
        busy={busy}
        onConfirm={() => void confirmPending()}
        onCancel={() => setPending(null)}
      />
    </PageContainer>
  )
}
