import { useEffect, useMemo, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { publicationProblems } from '@dealer/shared/domain/lottery'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { useDealershipScope } from '../../../hooks/useDealershipScope'
import { createLotteryCampaign, getLotteryCampaign, listLotteryVoucherItems, submitLotteryCampaign, updateLotteryCampaign } from '../../../services/lottery'
import { listSegments } from '../../../services/segments'
import { can } from '../../../services/session'
import { errorMessage } from '../../../services/request'
import { draftOfTerms, emptyCampaignDraft, termsOfDraft, type CampaignDraft } from '../../../utils/lottery-draft'
import { ROUTES, withQuery } from '../../../utils/routes'
import PrizesSection from './prizes-section'
import { AudienceSection, BasicsSection, DisclosureSection, EntrySection } from './terms-sections'
import '../lottery.scss'

/**
 * 新建 / 编辑抽奖活动: a draft changes freely; once published only the end, the claim deadline,
 * stock and the points cost may change in the participants' favour (the server says why not).
 * What would stop publication is listed live under the form (the same rules the server applies).
 */
export default function LotteryEditPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const session = useSession()
  const scope = useDealershipScope(session)
  const dealershipId = params.dealershipId || scope.dealershipId
  const allowed = can(session, 'lottery.campaigns')
  const existing = useAsync(() => getLotteryCampaign(id), [id], allowed && id !== '')
  const catalogOf = scope.effectiveId ?? dealershipId ?? ''
  const catalog = useAsync(() => listLotteryVoucherItems(catalogOf), [catalogOf], allowed && catalogOf !== '')
  const segments = useAsync(() => listSegments(dealershipId), [dealershipId], allowed && can(session, 'segments.use'))
  const [draft, setDraft] = useState<CampaignDraft>(() => emptyCampaignDraft(new Date()))
  const [message, setMessage] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    if (existing.data) setDraft(draftOfTerms(existing.data.terms))
  }, [existing.data])

  const status = existing.data?.status ?? 'draft'
  const published = status === 'published'
  const set = (change: Partial<CampaignDraft>) => setDraft((d) => ({ ...d, ...change }))
  const parsed = useMemo(() => termsOfDraft(draft), [draft])
  const problems = 'terms' in parsed ? publicationProblems(parsed.terms) : [parsed.error]
  const vouchers = catalog.data?.items ?? null

  async function save(submit: boolean) {
    if ('error' in parsed) {
      setMessage(parsed.error)
      return
    }
    setBusy(true)
    setMessage(null)
    try {
      const saved = id ? await updateLotteryCampaign(id, parsed.terms) : await createLotteryCampaign(parsed.terms, dealershipId)
      if (submit) await submitLotteryCampaign(saved.id)
      void Taro.redirectTo({ url: withQuery(ROUTES.lotteryCampaign, { id: saved.id }) })
    } catch (e) {
      setMessage(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const editable = status === 'draft' || status === 'published'
  return (
    <PageContainer
      className="e2e-page-lottery-edit"
      require="staff"
      capability="lottery.campaigns"
      loading={id !== '' && existing.loading && !existing.data}
      error={existing.error}
      onRetry={() => void existing.reload()}
    >
      {published ? (
        <Section>
          <Text className="hint e2e-lottery-edit-published">活动已发布：只能延后结束时间和领奖截止时间、增加奖品数量、降低每次消耗的积分。</Text>
        </Section>
      ) : null}
      <BasicsSection draft={draft} set={set} published={published} />
      <AudienceSection draft={draft} set={set} published={published} segments={segments.data} />
      <EntrySection draft={draft} set={set} published={published} />
      <PrizesSection prizes={draft.prizes} onChange={(prizes) => set({ prizes })} catalog={vouchers} published={published} />
      <DisclosureSection draft={draft} set={set} published={published} />
      <Section title={problems.length ? '发布前还须完善' : '可以提交审批'} className="e2e-lottery-edit-problems">
        {problems.map((p) => (
          <Text key={p} className="lottery__problem e2e-lottery-edit-problem">
            {p}
          </Text>
        ))}
        {problems.length === 0 ? <Text className="hint">已符合有奖销售的公示要求与奖金上限，提交后由店总审批发布。</Text> : null}
      </Section>
      {message ? (
        <Section>
          <Text className="error-text e2e-lottery-edit-message">{message}</Text>
        </Section>
      ) : null}
      {editable ? (
        <View className="lottery__actions">
          <Button type={published ? 'primary' : 'default'} className="e2e-lottery-save" loading={busy} disabled={busy} onClick={() => void save(false)}>
            {published ? '保存修改' : '保存草稿'}
          </Button>
          {published ? null : (
            <Button type="primary" className="e2e-lottery-submit" loading={busy} disabled={busy || problems.length > 0} onClick={() => void save(true)}>
              保存并提交审批
            </Button>
          )}
        </View>
      ) : (
        <Text className="hint">活动{status === 'submitted' ? '正在审批中' : '已结束'}，不能修改。</Text>
      )}
    </PageContainer>
  )
}
