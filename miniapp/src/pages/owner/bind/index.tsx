import { useCallback, useEffect, useMemo, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text, Button as TaroButton } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import Field from '../../../components/Field'
import SubscribePrompt from '../../../components/SubscribePrompt'
import { bindDealership, resolveScene } from '../../../services/owner'
import { ApiError, errorMessage } from '../../../services/request'
import { getSession } from '../../../services/session'
import type { BindResult, SceneInfo } from '../../../services/api-types'
import { isLotteryScene, parseScene, readReferral, readScene } from '../../../utils/scene'
import { normalizedPhone, validatePhone } from '../../../utils/validation'
import { HAS_WECHAT_PHONE_BUTTON, getDemoPhoneCode, phoneCodeFromEvent, signInOwner, type PhoneNumberEventDetail } from '../../../utils/wechat'
import { ROUTES, withQuery } from '../../../utils/routes'
import './index.scss'

type Step = 'resolving' | 'signing-in' | 'phone' | 'binding' | 'done' | 'failed'

/**
 * Opened from a dealership's QR code (scene `d=<dealerCode>&a=<advisorCode>`):
 * resolve the scene → owner login → phone number → bind → result → offer vehicle claim.
 */
export default function BindPage() {
  const { params } = useRouter()
  const scene = useMemo(() => readScene(params), [params])
  // A friend's share carries their referral token; a malformed one is dropped, never sent.
  const referral = useMemo(() => readReferral(params), [params])
  const validScene = scene !== null && parseScene(scene) !== null
  const lotteryScene = isLotteryScene(scene)
  const [step, setStep] = useState<Step>('resolving')
  const [info, setInfo] = useState<SceneInfo | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [phone, setPhone] = useState('')
  const [phoneError, setPhoneError] = useState<string | null>(null)
  const [result, setResult] = useState<BindResult | null>(null)

  const start = useCallback(async () => {
    if (!scene || !validScene) return
    setError(null)
    setStep('resolving')
    try {
      const resolved = await resolveScene(scene)
      setInfo(resolved)
      if (getSession()?.kind !== 'owner') {
        setStep('signing-in')
        await signInOwner()
      }
      setStep('phone')
    } catch (e) {
      setError(e instanceof ApiError && e.status === 404 ? '二维码已失效或门店不存在，请向门店索取新的二维码' : errorMessage(e))
      setStep('failed')
    }
  }, [scene, validScene])

  useEffect(() => {
    void start()
  }, [start])

  // A lottery event code that opened this page (its page path lost): the join page takes it.
  useEffect(() => {
    if (lotteryScene && scene) void Taro.redirectTo({ url: withQuery(ROUTES.lotteryJoin, { scene }) })
  }, [lotteryScene, scene])

  async function bindWith(phoneCode: string) {
    if (!scene) return
    setError(null)
    setStep('binding')
    try {
      setResult(await bindDealership(scene, phoneCode, referral))
      setStep('done')
    } catch (e) {
      setError(errorMessage(e))
      setStep('phone')
    }
  }

  function onGetPhoneNumber(event: { detail: PhoneNumberEventDetail }) {
    const code = phoneCodeFromEvent(event.detail)
    if (!code) {
      setError('需要授权手机号，门店才能找到您的客户档案')
      return
    }
    void bindWith(code)
  }

  async function submitDemoPhone() {
    const problem = validatePhone(phone)
    setPhoneError(problem)
    if (problem) return
    try {
      setStep('binding')
      const code = await getDemoPhoneCode(normalizedPhone(phone))
      await bindWith(code)
    } catch (e) {
      setError(errorMessage(e))
      setStep('phone')
    }
  }

  if (lotteryScene) {
    return (
      <PageContainer className="bind e2e-page-owner-bind">
        <Section>
          <Text className="hint e2e-bind-lottery">正在打开抽奖活动…</Text>
        </Section>
      </PageContainer>
    )
  }

  if (!validScene) {
    return (
      <PageContainer className="bind e2e-page-owner-bind">
        <Section>
          <Text className="error-text e2e-bind-error">二维码内容无效，请重新扫描门店提供的二维码。</Text>
          <Button block className="e2e-bind-home" onClick={() => void Taro.reLaunch({ url: ROUTES.ownerHome })}>
            返回首页
          </Button>
        </Section>
      </PageContainer>
    )
  }

  return (
    <PageContainer className="bind e2e-page-owner-bind" loading={step === 'resolving' && !info}>
      {info ? (
        <Section className="bind__dealer">
          <Text className="bind__dealer-name e2e-bind-dealership">{info.dealership.name}</Text>
          {info.advisor ? <Text className="hint e2e-bind-advisor">专属服务顾问：{info.advisor.name}</Text> : null}
        </Section>
      ) : null}

      {step === 'signing-in' ? (
        <Section>
          <Text className="muted">正在登录…</Text>
        </Section>
      ) : null}

      {step === 'failed' ? (
        <Section>
          <Text className="error-text e2e-bind-error">{error}</Text>
          <Button block className="e2e-bind-retry" onClick={() => void start()}>
            重试
          </Button>
        </Section>
      ) : null}

      {step === 'phone' || step === 'binding' ? (
        <Section title="验证手机号">
          <Text className="hint">门店将用您的手机号匹配已有的客户档案；没有档案时会为您新建。</Text>
          {error ? <Text className="error-text e2e-bind-error">{error}</Text> : null}
          {HAS_WECHAT_PHONE_BUTTON ? (
            <TaroButton
              className="bind__wechat-phone e2e-bind-phone-wechat"
              openType="getPhoneNumber"
              disabled={step === 'binding'}
              onGetPhoneNumber={onGetPhoneNumber}
            >
              {step === 'binding' ? '正在绑定…' : '微信手机号快捷绑定'}
            </TaroButton>
          ) : (
            <View className="bind__demo e2e-bind-demo">
              <Text className="demo-tag e2e-demo-badge">演示模式</Text>
              <Text className="hint">浏览器中没有微信手机号授权按钮，请输入手机号模拟授权。</Text>
              <Field
                label="手机号（演示）"
                className="e2e-bind-phone"
                type="number"
                maxlength={11}
                placeholder="请输入 11 位手机号"
                value={phone}
                error={phoneError}
                onChange={setPhone}
                onConfirm={() => void submitDemoPhone()}
              />
              <Button
                type="primary"
                block
                className="e2e-bind-phone-submit"
                loading={step === 'binding'}
                disabled={step === 'binding'}
                onClick={() => void submitDemoPhone()}
              >
                确认绑定
              </Button>
            </View>
          )}
        </Section>
      ) : null}

      {step === 'done' && result ? (
        <Section className="bind__result e2e-bind-result">
          {result.matched ? (
            <View className="e2e-bind-matched">
              <Text className="bind__result-title">绑定成功</Text>
              <Text className="bind__result-text">已找到您在「{result.binding.dealership.name}」的客户档案，可以查看车辆与服务记录了。</Text>
            </View>
          ) : (
            <View className="e2e-bind-new">
              <Text className="bind__result-title">绑定成功</Text>
              <Text className="bind__result-text">
                您已登记为「{result.binding.dealership.name}」的新客户，服务顾问会尽快与您联系。若您已在该店购车或保养，可以认领车辆。
              </Text>
            </View>
          )}
          <View className="actions">
            <Button
              type="primary"
              className="e2e-bind-claim"
              onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.ownerVehicles, { claim: 1, dealershipId: result.binding.dealership.id }) })}
            >
              认领我的车辆
            </Button>
            <Button className="e2e-bind-home" onClick={() => void Taro.reLaunch({ url: ROUTES.ownerHome })}>
              进入首页
            </Button>
          </View>
        </Section>
      ) : null}

      {step === 'done' && result ? (
        <Section title="开启微信消息提醒" className="e2e-bind-subscribe">
          <SubscribePrompt
            intro={`「${result.binding.dealership.name}」会在您生日、节日和保养到期时送上问候与提醒。开启后通过微信通知您，也可随时在「消息通知」里查看。`}
            showStatus={false}
          />
        </Section>
      ) : null}
    </PageContainer>
  )
}
