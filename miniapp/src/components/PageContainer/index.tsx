import type { ReactNode } from 'react'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { ApiError } from '../../services/request-core'
import { rolesWith, type Capability } from '@dealer/shared/auth/capabilities'
import { can, type Session } from '../../services/session'
import { ROLE_LABELS } from '../../utils/format'
import { useSession } from '../../hooks/useSession'
import { loginUrl } from '../../utils/routes'
import './index.scss'

export type Requirement = 'owner' | 'staff'

export interface PageContainerProps {
  /** Page hook for browser tests, e.g. `e2e-page-owner-home`. */
  className?: string
  /** Who may see the page; anyone else gets the login-required state. */
  require?: Requirement
  /** With `require="staff"`: only roles holding this capability (others get the forbidden state). */
  capability?: Capability
  loading?: boolean
  error?: unknown
  empty?: boolean
  emptyText?: string
  emptyAction?: ReactNode
  onRetry?: () => void
  children?: ReactNode
}

function meets(session: Session | null, require: Requirement | undefined, capability?: Capability): 'ok' | 'login' | 'forbidden' {
  if (!require) return 'ok'
  if (!session) return 'login'
  if (require === 'owner') return session.kind === 'owner' ? 'ok' : 'login'
  if (session.kind !== 'staff') return 'login'
  if (capability && !can(session, capability)) return 'forbidden'
  return 'ok'
}

/** 「此页面仅限店总/经理和市场专员使用」: the store roles holding the capability (group admins hold them all). */
function whoMayUse(capability: Capability | undefined): string {
  const roles = capability ? rolesWith(capability).filter((role) => role !== 'group_admin') : []
  return roles.length ? `此页面仅限${roles.map((role) => ROLE_LABELS[role]).join('和')}使用` : '您的账号无权使用此页面'
}

function goLogin(require: Requirement | undefined): void {
  const pages = Taro.getCurrentPages()
  const page = pages[pages.length - 1]
  const redirect = page?.route ? `/${page.route.replace(/^\//, '')}` : undefined
  void Taro.navigateTo({ url: loginUrl(require === 'owner' ? 'owner' : 'staff', redirect) })
}

/** Owns the loading / error / empty / login-required states of a page. */
export default function PageContainer(props: PageContainerProps) {
  const { className = '', require, capability, loading, error, empty, emptyText = '暂无数据', emptyAction, onRetry, children } = props
  const session = useSession()
  const access = meets(session, require, capability)
  const unauthorized = error instanceof ApiError && error.status === 401

  let body: ReactNode
  if (access === 'login' || unauthorized) {
    body = (
      <View className="state state--login e2e-state-login-required">
        <Text className="state__title">请先登录</Text>
        <Text className="state__text">{require === 'owner' ? '登录后查看您的车辆与门店服务' : '请使用员工账号登录'}</Text>
        <Button type="primary" className="e2e-state-login" onClick={() => goLogin(require)}>
          去登录
        </Button>
      </View>
    )
  } else if (access === 'forbidden' || (error instanceof ApiError && error.status === 403)) {
    body = (
      <View className="state state--forbidden e2e-state-forbidden">
        <Text className="state__title">没有权限</Text>
        <Text className="state__text">{error instanceof ApiError ? error.message : whoMayUse(capability)}</Text>
      </View>
    )
  } else if (loading) {
    body = (
      <View className="state state--loading e2e-state-loading">
        <Text className="state__text">加载中…</Text>
      </View>
    )
  } else if (error) {
    body = (
      <View className="state state--error e2e-state-error">
        <Text className="state__title">加载失败</Text>
        <Text className="state__text e2e-state-error-message">{error instanceof Error ? error.message : '出现未知错误'}</Text>
        {onRetry ? (
          <Button className="e2e-state-retry" onClick={onRetry}>
            重试
          </Button>
        ) : null}
      </View>
    )
  } else if (empty) {
    body = (
      <View className="state state--empty e2e-state-empty">
        <Text className="state__text">{emptyText}</Text>
        {emptyAction}
      </View>
    )
  } else {
    body = children
  }

  return <View className={`page ${className}`}>{body}</View>
}
