import { useEffect, useMemo, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text, Button as TaroButton } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import Field from '../../../components/Field'
import { joinLotteryFromEvent } from '../../../services/lottery'
import { errorMessage } from '../../../services/request'
import { getSession } from '../../../services/session'
import { readScene } from '../../../utils/scene'
import { normalizedPhone, validatePhone } from '../../../utils/validation'
import { HAS_WECHAT_PHONE_BUTTON, getDemoPhoneCode, phoneCodeFromEvent, signInOwner, type PhoneNumberEventDetail } from '../../../utils/wechat'
import { ROUTES, withQuery } from '../../../utils/routes'
import '../lottery.scss'

/** The event QR code's scene: `l=<campaignId>`. */
const EVENT_SCENE = /^l=[0-9a-f]{24}$/

/**
 * Opened from a campaign's event QR code: sign in, share the phone number (a new prospect
 * archive when the number is unknown, with the campaign as its source), then straight to the draw.
 */
export default function LotteryJoinPage() {
  const { params } = useRouter()
  const scene = useMemo(() => readScene(params), [params])
  const valid = scene !== null && EVENT_SCENE.test(scene)
  const [signedIn, setSignedIn] = useState(getSession()?.kind === 'owner')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [phone, setPhone] = useState('')

  useEffect(() => {
    if (!valid || signedIn) return
    signInOwner()
      .then(() => setSignedIn(true))
      .catch((e: unknown) => setError(errorMessage(e)))
  }, [valid, signedIn])

  async function joinWith(phoneCode: string) {
    if (!scene) return
    setBusy(true)
    setError(null)
    try {
      const joined = await joinLotteryFromEvent(scene, phoneCode)
      void Taro.redirectTo({ url: withQuery(ROUTES.lotteryDraw, { id: joined.campaign.id }) })
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  async function joinWithDemoPhone() {
    const problem = validatePhone(phone)
    if (problem) {
      setError(problem)
      return
    }
    try {
      await joinWith(await getDemoPhoneCode(normalizedPhone(phone)))
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  function onGetPhoneNumber(event: { detail: PhoneNumberEventDetail }) {
    const code = phoneCodeFromEvent(event.detail)
    if (code) void joinWith(code)
    else setError('需要授权手机号才能参加抽奖')
  }

  if (!valid) {
    return (
      <PageContainer className="e2e-page-lottery-join">
        <Section>
          <Text className="error-text e2e-lottery-join-error">二维码内容无效，请重新扫描活动现场的二维码。</Text>
        </Section>
      </PageContainer>
    )
  }
  return (
    <PageContainer className="e2e-page-lottery-join" loading={!signedIn && !error}>
      <Section title="授权手机号参加抽奖">
        <Text className="hint">门店将用您的手机号登记参与信息，中奖后凭此领奖。</Text>
        {error ? <Text className="error-text e2e-lottery-join-error">{error}</Text> : null}
        {HAS_WECHAT_PHONE_BUTTON ? (
          <TaroButton className="e2e-lottery-join-wechat" openType="getPhoneNumber" disabled={busy || !signedIn} onGetPhoneNumber={onGetPhoneNumber}>
            微信手机号一键参加
          </TaroButton>
        ) : (
          <View className="e2e-lottery-join-demo">
            <Text className="demo-tag">演示模式</Text>
            <Field label="手机号（演示）" className="e2e-lottery-join-phone" type="number" maxlength={11} value={phone} onChange={setPhone} />
            <Button
              type="primary"
              block
              className="e2e-lottery-join-submit"
              loading={busy}
              disabled={busy || !signedIn}
              onClick={() => void joinWithDemoPhone()}
            >
              参加抽奖
            </Button>
          </View>
        )}
      </Section>
    </PageContainer>
  )
}
