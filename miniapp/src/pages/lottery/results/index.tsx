import { useEffect, useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { getLotteryConversion, getLotteryResults, lotteryConversionCsvPath } from '../../../services/lottery'
import { can } from '../../../services/session'
import { errorMessage } from '../../../services/request'
import { downloadAuthed } from '../../../services/download'
import { formatDate, formatMoney } from '../../../utils/format'
import { PRIZE_KIND_LABELS } from '../../../utils/lottery'
import ConversionChart from './conversion-chart'
import '../lottery.scss'

/** Live figures are read again this often while the page is open. */
const REFRESH_MS = 15_000

function Figure({ label, value, hook }: { label: string; value: string | number; hook: string }) {
  return (
    <View className={`lottery__figure ${hook}`}>
      <Text className="lottery__figure-value">{value}</Text>
      <Text className="hint">{label}</Text>
    </View>
  )
}

/** 活动数据: live draws, participants, winners and stock by prize, cost; then the prospects' conversion with its CSV. */
export default function LotteryResultsPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const session = useSession()
  const allowed = can(session, 'lottery.campaigns') && id !== ''
  const results = useAsync(() => getLotteryResults(id), [id], allowed)
  const conversion = useAsync(() => getLotteryConversion(id), [id], allowed)
  const [message, setMessage] = useState<string | null>(null)
  const { reload } = results
  useEffect(() => {
    if (!allowed) return undefined
    const timer = setInterval(() => void reload(), REFRESH_MS)
    return () => clearInterval(timer)
  }, [allowed, reload])

  const r = results.data
  const download = () => {
    setMessage(null)
    downloadAuthed(lotteryConversionCsvPath(id), `lottery-conversion-${id}.csv`).catch((e: unknown) => setMessage(errorMessage(e)))
  }
  return (
    <PageContainer
      className="e2e-page-lottery-results"
      require="staff"
      capability="lottery.campaigns"
      loading={results.loading && !r}
      error={results.error}
      onRetry={() => void results.reload()}
    >
      {r ? (
        <>
          <Section title="实时数据">
            <Figure label="抽奖次数" value={r.draws} hook="e2e-lottery-figure-draws" />
            <Figure label="参与人数" value={r.participants} hook="e2e-lottery-figure-participants" />
            <Figure label="中奖人数" value={r.winners} hook="e2e-lottery-figure-winners" />
            <Figure label="奖品成本" value={formatMoney(r.costFen)} hook="e2e-lottery-figure-cost" />
            <Figure label="消耗积分" value={r.pointsSpent} hook="e2e-lottery-figure-points" />
            <Figure label="新增绑定" value={r.newBindings} hook="e2e-lottery-figure-bindings" />
            <Figure label="活动新客" value={r.newProspects} hook="e2e-lottery-figure-prospects" />
            <Figure label="已领奖" value={r.prizesClaimed} hook="e2e-lottery-figure-claimed" />
          </Section>
          <Section title="奖品发放">
            {r.prizes.map((p) => (
              <View key={p.id} className="list-item e2e-lottery-prize-result">
                <Text className="list-item__title">
                  {p.name}（{PRIZE_KIND_LABELS[p.kind]}）
                </Text>
                <Text className="list-item__meta">
                  已发 {p.awarded}
                  {p.stock === null ? '' : ` / ${p.stock}，剩余 ${p.left ?? 0}`} · 已领 {p.claimed} · 成本 {formatMoney(p.costFen)}
                </Text>
              </View>
            ))}
          </Section>
        </>
      ) : null}
      <Section title="新客转化" className="e2e-lottery-conversion">
        {conversion.error ? <Text className="error-text">{errorMessage(conversion.error)}</Text> : null}
        {conversion.data ? <ConversionChart conversion={conversion.data} /> : null}
        {conversion.data?.rows.slice(0, 20).map((row) => (
          <View key={row.customerId} className="list-item e2e-lottery-conversion-row">
            <Text className="list-item__title">
              {row.name}（尾号 {row.mobileTail}）
            </Text>
            <Text className="list-item__meta">
              参加 {formatDate(row.joinedAt)} · 绑定 {formatDate(row.boundAt)} · 到店 {formatDate(row.firstVisit)} · 消费 {formatDate(row.boughtOn)}
            </Text>
          </View>
        ))}
        <Button className="e2e-lottery-conversion-csv" onClick={download}>
          导出 CSV
        </Button>
        {message ? <Text className="error-text">{message}</Text> : null}
      </Section>
    </PageContainer>
  )
}
