import { useMemo } from 'react'
import { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { seedCommitment, verifyCampaign } from '@dealer/shared/domain/lottery'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import { useAsync } from '../../../hooks/useAsync'
import { getLotteryVerification } from '../../../services/lottery'
import { LOTTERY_DRAW_FATE_LABELS } from '../../../utils/lottery'
import '../lottery.scss'

/** How many draws the page lists (all of them are recomputed). */
const LISTED_DRAWS = 50

/**
 * Public verification in the browser: the record comes from the server, the recomputation runs
 * here with the same code as the verification script (sha256 of the seed, every pick, the
 * stock and limit rule), so nobody has to trust the server's word for it.
 */
export default function LotteryVerifyPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const record = useAsync(() => getLotteryVerification(id), [id], id !== '')
  const result = useMemo(() => (record.data ? verifyCampaign(record.data) : null), [record.data])
  const r = record.data
  const names = new Map((r?.prizes ?? []).map((p) => [p.id, p.name]))

  return (
    <PageContainer className="e2e-page-lottery-verify" loading={record.loading && !r} error={record.error} onRetry={() => void record.reload()}>
      {r && result ? (
        <>
          <Section title="验证结果" className={result.ok ? 'e2e-lottery-verified' : 'e2e-lottery-verify-failed'}>
            <Text className="lottery__result e2e-lottery-verify-verdict">{result.ok ? '验证通过' : '验证未通过'}</Text>
            <Text className="hint e2e-lottery-verify-checked">已在本机重新计算 {result.checked} 次抽奖</Text>
            {result.problems.map((p, i) => (
              <Text key={i} className="lottery__problem e2e-lottery-verify-problem">
                {p}
              </Text>
            ))}
          </Section>
          <Section title="种子">
            <Text className="hint">公示的种子哈希</Text>
            <Text className="lottery__hash">{r.commitment}</Text>
            <Text className="hint">公布的种子</Text>
            <Text className="lottery__hash">{r.seedHex ?? '尚未公布'}</Text>
            {r.seedHex ? <Text className="lottery__hash e2e-lottery-verify-hash">SHA-256(种子) = {seedCommitment(r.seedHex)}</Text> : null}
          </Section>
          <Section title="奖品发放">
            {r.prizes.map((p) => (
              <Text key={p.id} className="lottery__rules-line">
                {p.name}：发出 {r.draws.filter((d) => d.awarded === p.id).length} 份{p.stock === null ? '' : ` / 数量 ${p.stock}`}
              </Text>
            ))}
          </Section>
          <Section title={`抽奖记录（前 ${Math.min(LISTED_DRAWS, r.draws.length)} 条，共 ${r.draws.length} 条）`}>
            {r.draws.slice(0, LISTED_DRAWS).map((d) => (
              <View key={d.drawId} className="list-item">
                <Text className="list-item__title">
                  #{d.seq} 抽中 {names.get(d.picked) ?? d.picked} → {names.get(d.awarded) ?? d.awarded}
                </Text>
                <Text className="list-item__meta">
                  {LOTTERY_DRAW_FATE_LABELS[d.fate]} · 参与者 {d.participant.slice(0, 8)} · 编号 {d.drawId}
                </Text>
              </View>
            ))}
          </Section>
        </>
      ) : null}
    </PageContainer>
  )
}
