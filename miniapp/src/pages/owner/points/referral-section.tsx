import { View, Text, Button as TaroButton } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro from '@tarojs/taro'
import Section from '../../../components/Section'
import type { PointsReferral } from '../../../services/api-types'
import { IS_WEAPP } from '../../../utils/platform'

/** The invitation a browser can pass on: the H5 app's address opening the share's bind page. */
function browserLink(sharePath: string): string {
  if (typeof window === 'undefined') return sharePath
  return `${window.location.origin}${window.location.pathname}#${sharePath}`
}

/**
 * 推荐好友: the owner shares the mini-program (the share opens the dealership's bind page with
 * their token); a friend who binds through it and then has a first customer-paid visit earns
 * them the referral bonus. In WeChat the share button; in a browser the link to copy.
 */
export default function ReferralSection({ referral }: { referral: PointsReferral }) {
  const link = IS_WEAPP ? referral.sharePath : browserLink(referral.sharePath)
  return (
    <Section title="推荐好友" className="points-referral e2e-points-referral">
      <Text className="hint">邀请好友绑定本店会员，好友首次自费到店维修保养后，您可获得 {referral.referralBonus} 积分。</Text>
      <Text className="points-referral__counts e2e-referral-counts">
        已邀请 {referral.invited} 位 · 已获奖励 {referral.rewarded} 位
      </Text>
      {IS_WEAPP ? (
        <TaroButton className="points-referral__share e2e-referral-share" openType="share">
          分享给好友
        </TaroButton>
      ) : (
        <View>
          <Text className="points-referral__link e2e-referral-link">{link}</Text>
          <Button className="e2e-referral-copy" onClick={() => void Taro.setClipboardData({ data: link })}>
            复制邀请链接
          </Button>
        </View>
      )}
    </Section>
  )
}
