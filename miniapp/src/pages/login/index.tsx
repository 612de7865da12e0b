import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Field from '../../components/Field'
import Chips from '../../components/Chips'
import { staffLogin } from '../../services/auth'
import { ApiError, errorMessage } from '../../services/request'
import { signInOwner } from '../../utils/wechat'
import { ROUTES, safeRedirect, type LoginMode } from '../../utils/routes'
import { IS_WEAPP } from '../../utils/platform'
import { formatDateTime } from '../../utils/format'
import './index.scss'

const MODES = [
  { value: 'owner', label: '我是车主' },
  { value: 'staff', label: '门店员工' }
] as const

/** Staff sign-in refusals, with the lockout time when the API gives one. */
function staffLoginError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'ACCOUNT_LOCKED') {
      const until =
        error.details && typeof error.details === 'object' && 'lockedUntil' in error.details
          ? String((error.details as { lockedUntil: unknown }).lockedUntil)
          : null
      return until ? `${error.message}（解锁时间：${formatDateTime(until)}）` : error.message
    }
    if (error.code === 'BAD_CREDENTIALS') return error.message || '用户名或密码错误'
  }
  return errorMessage(error)
}

export default function LoginPage() {
  const { params } = useRouter()
  const initialMode: LoginMode = params.mode === 'owner' || params.mode === 'staff' ? params.mode : IS_WEAPP ? 'owner' : 'staff'
  const redirect = safeRedirect(params.redirect)
  const [mode, setMode] = useState<LoginMode>(initialMode)
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function submitStaff() {
    setError(null)
    if (!username.trim() || !password) {
      setError('请输入用户名和密码')
      return
    }
    setBusy(true)
    try {
      await staffLogin(username.trim(), password)
      const target = redirect && !redirect.startsWith('/pages/owner') && !redirect.startsWith(ROUTES.ownerHome) ? redirect : ROUTES.staffCustomers
      await Taro.reLaunch({ url: target })
    } catch (e) {
      setError(staffLoginError(e))
    } finally {
      setBusy(false)
    }
  }

  async function submitOwner() {
    setError(null)
    setBusy(true)
    try {
      await signInOwner()
      const target = redirect && (redirect.startsWith('/pages/owner') || redirect.startsWith(ROUTES.ownerHome)) ? redirect : ROUTES.ownerHome
      await Taro.reLaunch({ url: target })
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className="page login e2e-page-login">
      <Text className="login__title">{mode === 'staff' ? '员工登录' : '车主登录'}</Text>
      <Chips
        hook="e2e-login-mode"
        options={MODES}
        value={mode}
        onChange={(value) => {
          setMode(value)
          setError(null)
        }}
      />
      {mode === 'staff' ? (
        <View className="login__form">
          <Field label="用户名" className="e2e-login-username" value={username} onChange={setUsername} placeholder="请输入用户名" maxlength={32} />
          <Field
            label="密码"
            className="e2e-login-password"
            value={password}
            onChange={setPassword}
            placeholder="请输入密码"
            password
            maxlength={200}
            onConfirm={() => void submitStaff()}
          />
          {error ? <Text className="error-text e2e-login-error">{error}</Text> : null}
          <Button type="primary" block className="e2e-login-submit" loading={busy} disabled={busy} onClick={() => void submitStaff()}>
            登录
          </Button>
          <Text className="hint login__hint">连续输错密码将暂时锁定账号；忘记密码请联系店总重置。</Text>
        </View>
      ) : (
        <View className="login__form">
          {IS_WEAPP ? (
            <Text className="hint">使用微信身份登录，首次使用请扫描门店二维码绑定。</Text>
          ) : (
            <Text className="hint">
              <Text className="demo-tag e2e-demo-badge">演示模式</Text>
              浏览器中无法使用微信登录，将由演示服务模拟微信登录。
            </Text>
          )}
          {error ? <Text className="error-text e2e-login-error">{error}</Text> : null}
          <Button type="primary" block className="e2e-login-owner" loading={busy} disabled={busy} onClick={() => void submitOwner()}>
            {IS_WEAPP ? '微信一键登录' : '模拟微信登录（演示）'}
          </Button>
        </View>
      )}
    </View>
  )
}
