import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { getSession } from '../../services/session'
import { errorMessage } from '../../services/request'
import { signInOwner } from '../../utils/wechat'
import { ROUTES, loginUrl } from '../../utils/routes'
import { IS_WEAPP } from '../../utils/platform'
import './index.scss'

/** Entry: sends a signed-in user to their home; in WeChat an owner is signed in silently. */
export default function Entry() {
  const [checking, setChecking] = useState(true)
  const [error, setError] = useState<string | null>(null)

  // On mount (the entry is left with redirectTo and comes back only through reLaunch).
  useEffect(() => {
    const session = getSession()
    if (session?.kind === 'owner') {
      void Taro.redirectTo({ url: ROUTES.ownerHome })
      return
    }
    if (session?.kind === 'staff') {
      void Taro.redirectTo({ url: ROUTES.staffCustomers })
      return
    }
    if (IS_WEAPP) {
      signInOwner()
        .then(() => Taro.redirectTo({ url: ROUTES.ownerHome }))
        .catch((e: unknown) => {
          setError(errorMessage(e))
          setChecking(false)
        })
      return
    }
    setChecking(false)
  }, [])

  return (
    <View className="page entry e2e-page-entry">
      <View className="entry__hero">
        <Text className="entry__title">4S 店车主服务</Text>
        <Text className="entry__subtitle">绑定门店 · 管理车辆 · 保养提醒</Text>
      </View>
      {checking ? (
        <Text className="muted entry__checking">正在登录…</Text>
      ) : (
        <View className="entry__actions">
          {error ? <Text className="error-text">{error}</Text> : null}
          <Button type="primary" block className="e2e-entry-owner" onClick={() => void Taro.navigateTo({ url: loginUrl('owner') })}>
            我是车主
          </Button>
          <Button block className="e2e-entry-staff" onClick={() => void Taro.navigateTo({ url: loginUrl('staff') })}>
            员工登录
          </Button>
          <Text className="hint entry__hint">车主请用微信扫描门店提供的二维码，完成门店绑定后即可查看车辆与服务记录。</Text>
        </View>
      )}
    </View>
  )
}
