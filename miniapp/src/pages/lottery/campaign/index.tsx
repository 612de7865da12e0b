import { useState } from 'react'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { View, Text, Image } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { rulesDocument } from '@dealer/shared/domain/lottery'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import Field from '../../../components/Field'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { approveLotteryCampaign, getLotteryCampaign, getLotteryEventCodeDataUrl, rejectLotteryCampaign, submitLotteryCampaign } from '../../../services/lottery'
import { can } from '../../../services/session'
import { errorMessage } from '../../../services/request'
import type { LotteryCampaign } from '../../../services/api-types'
import { formatDateTime } from '../../../utils/format'
import { LOTTERY_CAMPAIGN_STATUS_LABELS } from '../../../utils/lottery'
import { ROUTES, withQuery } from '../../../utils/routes'
import RulesView from '../rules-view'
import '../lottery.scss'

/** The event QR code image (made by WeChat through the server). */
function EventCode({ campaignId }: { campaignId: string }) {
  const image = useAsync(() => getLotteryEventCodeDataUrl(campaignId), [campaignId])
  if (image.error) return <Text className="error-text e2e-lottery-event-code-error">{errorMessage(image.error)}</Text>
  if (!image.data) return <Text className="hint">正在生成二维码…</Text>
  return <Image className="lottery__event-code e2e-lottery-event-code-image" src={image.data} mode="aspectFit" showMenuByLongpress />
}

/** One campaign for marketing and the manager: status, reasons, approval, the rules as they will be published. */
export default function LotteryCampaignPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const session = useSession()
  const allowed = can(session, 'lottery.campaigns')
  const campaign = useAsync(() => getLotteryCampaign(id), [id], allowed && id !== '')
  useDidShow(() => {
    if (campaign.data) void campaign.reload()
  })
  const [reason, setReason] = useState('')
  const [message, setMessage] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const go = (url: string) => void Taro.navigateTo({ url })

  async function act(action: () => Promise<LotteryCampaign>, done: string) {
    setBusy(true)
    setMessage(null)
    try {
      campaign.setData(await action())
      setMessage(done)
    } catch (e) {
      setMessage(errorMessage(e))
      void campaign.reload()
    } finally {
      setBusy(false)
    }
  }

  const c = campaign.data
  return (
    <PageContainer
      className="e2e-page-lottery-campaign"
      require="staff"
      capability="lottery.campaigns"
      loading={campaign.loading && !c}
      error={campaign.error}
      onRetry={() => void campaign.reload()}
    >
      {c ? (
        <>
          <Section title={c.terms.name}>
            <Text className={`tag e2e-lottery-status e2e-lottery-status-${c.status}`}>{LOTTERY_CAMPAIGN_STATUS_LABELS[c.status]}</Text>
            <Text className="list-item__meta">
              {formatDateTime(c.terms.startsAt)} 至 {formatDateTime(c.terms.endsAt)}
            </Text>
            {c.publishedAt ? <Text className="list-item__meta">发布于 {formatDateTime(c.publishedAt)}</Text> : null}
            {c.problems.map((p) => (
              <Text key={p} className="lottery__problem e2e-lottery-campaign-problem">
                {p}
              </Text>
            ))}
            {message ? <Text className="hint e2e-lottery-campaign-message">{message}</Text> : null}
            <View className="lottery__actions">
              {c.status === 'draft' || c.status === 'published' ? (
                <Button className="e2e-lottery-edit" onClick={() => go(withQuery(ROUTES.lotteryEdit, { id: c.id }))}>
                  {c.status === 'draft' ? '编辑' : '修改（仅限有利于参与者）'}
                </Button>
              ) : null}
              {c.status === 'draft' ? (
                <Button
                  type="primary"
                  className="e2e-lottery-campaign-submit"
                  loading={busy}
                  disabled={busy}
                  onClick={() => void act(() => submitLotteryCampaign(c.id), '已提交审批')}
                >
                  提交审批
                </Button>
              ) : null}
              {c.status === 'published' || c.status === 'ended' ? (
                <Button type="primary" className="e2e-lottery-results" onClick={() => go(withQuery(ROUTES.lotteryResults, { id: c.id }))}>
                  活动数据
                </Button>
              ) : null}
              {c.status === 'published' || c.status === 'ended' ? (
                <Button className="e2e-lottery-public-rules" onClick={() => go(withQuery(ROUTES.lotteryRules, { id: c.id }))}>
                  公开规则页
                </Button>
              ) : null}
            </View>
          </Section>
          {c.status === 'submitted' && can(session, 'lottery.approve') ? (
            <Section title="审批" className="e2e-lottery-approval">
              <Text className="hint">批准后系统生成随机种子并公示其哈希，活动按规则页发布，之后只能做有利于参与者的修改。</Text>
              <Button
                type="primary"
                block
                className="e2e-lottery-approve"
                loading={busy}
                disabled={busy}
                onClick={() => void act(() => approveLotteryCampaign(c.id), '已批准发布')}
              >
                批准发布
              </Button>
              <Field label="退回原因" className="e2e-lottery-reject-reason" value={reason} maxlength={200} onChange={setReason} />
              <Button
                block
                className="e2e-lottery-reject"
                disabled={busy || reason.trim().length < 2}
                onClick={() => void act(() => rejectLotteryCampaign(c.id, reason.trim()), '已退回市场部修改')}
              >
                退回修改
              </Button>
            </Section>
          ) : null}
          {c.status === 'submitted' && !can(session, 'lottery.approve') ? (
            <Section>
              <Text className="hint e2e-lottery-waiting">等待店总审批</Text>
            </Section>
          ) : null}
          {c.status === 'published' && c.terms.audience.prospects ? (
            <Section title="活动现场二维码" className="e2e-lottery-event-code">
              <Text className="hint">新客扫码后授权手机号即可抽奖。长按图片可保存，打印后放在活动现场。</Text>
              <EventCode campaignId={c.id} />
              <Text className="hint">二维码场景值：{c.scene}</Text>
              <Text className="lottery__hash">{withQuery(ROUTES.lotteryJoin, { scene: c.scene })}</Text>
            </Section>
          ) : null}
          <Section title={c.status === 'draft' || c.status === 'submitted' ? '规则页预览' : '活动规则'}>
            <Text className="hint">规则页由活动设置自动生成，与抽奖程序使用同一份数据。</Text>
          </Section>
          <RulesView sections={rulesDocument(c.terms, c.commitment, c.seedHex)} />
        </>
      ) : null}
    </PageContainer>
  )
}
