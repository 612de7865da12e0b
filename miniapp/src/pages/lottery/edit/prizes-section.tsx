import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Section from '../../../components/Section'
import Field from '../../../components/Field'
import Chips from '../../../components/Chips'
import type { LotteryVoucherItem } from '../../../services/api-types'
import { PRIZE_KIND_LABELS } from '../../../utils/lottery'
import { newPrizeDraft, type PrizeDraft } from '../../../utils/lottery-draft'

const REAL_KINDS = ['voucher', 'points', 'gift'] as const
const KIND_OPTIONS = REAL_KINDS.map((value) => ({ value, label: PRIZE_KIND_LABELS[value] }))

interface PrizesSectionProps {
  prizes: PrizeDraft[]
  onChange: (prizes: PrizeDraft[]) => void
  /** The rewards catalog's items (active first); null while it loads or when it failed. */
  catalog: LotteryVoucherItem[] | null
  /** After publication prizes can only get more stock: the rest is read-only. */
  published: boolean
}

interface VoucherPickerProps {
  catalog: LotteryVoucherItem[] | null
  chosen: string
  disabled: boolean
  onChange: (rewardItemId: string) => void
}

/** The voucher a prize issues, picked from the store's catalog (active items, plus the one already chosen). */
function VoucherPicker({ catalog, chosen, disabled, onChange }: VoucherPickerProps) {
  if (!catalog) return <Text className="hint">正在读取积分商城目录…</Text>
  const choices = catalog.filter((item) => item.active || item.id === chosen)
  if (choices.length === 0) return <Text className="hint e2e-lottery-prize-item-empty">积分商城目录中还没有可用的券，请店总先添加</Text>
  const options = choices.map((item) => ({ value: item.id, label: item.active ? `${item.name}（${item.validDays} 天有效）` : `${item.name}（已下架）` }))
  return <Chips label="发放的券（积分商城目录）" hook="e2e-lottery-prize-item" options={options} value={chosen} disabled={disabled} onChange={onChange} />
}

/** 奖项设置: each prize with kind, value, weight and stock; 谢谢参与 is always there. */
export default function PrizesSection({ prizes, onChange, catalog, published }: PrizesSectionProps) {
  const update = (index: number, change: Partial<PrizeDraft>) => onChange(prizes.map((p, i) => (i === index ? { ...p, ...change } : p)))
  const remove = (index: number) => onChange(prizes.filter((_, i) => i !== index))
  const add = () => {
    const fallbackAt = prizes.findIndex((p) => p.kind === 'none')
    const at = fallbackAt < 0 ? prizes.length : fallbackAt
    onChange([...prizes.slice(0, at), newPrizeDraft(prizes), ...prizes.slice(at)])
  }

  return (
    <Section title="奖项设置" className="e2e-lottery-prizes">
      <Text className="hint">中奖概率 = 权重 ÷ 全部权重之和。奖品发完或达到每人上限时，该次结果为“谢谢参与”。单个奖品价值不得超过 5 万元。</Text>
      {prizes.map((p, index) => (
        <View key={p.id} className={`lottery__prize e2e-lottery-prize e2e-lottery-prize-${p.id}`}>
          {p.kind === 'none' ? (
            <Text className="list-item__title">谢谢参与（未中奖）</Text>
          ) : (
            <>
              <Field
                label="奖品名称"
                className="e2e-lottery-prize-name"
                value={p.name}
                maxlength={40}
                disabled={published}
                onChange={(name) => update(index, { name })}
              />
              <Chips
                label="类型"
                hook="e2e-lottery-prize-kind"
                options={KIND_OPTIONS}
                value={p.kind}
                disabled={published}
                onChange={(kind) => update(index, { kind })}
              />
              <Field
                label="市场价值（元）"
                className="e2e-lottery-prize-value"
                type="digit"
                value={p.valueYuan}
                disabled={published}
                onChange={(valueYuan) => update(index, { valueYuan })}
              />
              <Field label="数量" className="e2e-lottery-prize-stock" type="number" value={p.stock} onChange={(stock) => update(index, { stock })} />
            </>
          )}
          <Field
            label="权重"
            className="e2e-lottery-prize-weight"
            type="number"
            value={p.weight}
            disabled={published}
            onChange={(weight) => update(index, { weight })}
          />
          {p.kind === 'points' ? (
            <Field
              label="赠送积分"
              className="e2e-lottery-prize-points"
              type="number"
              value={p.points}
              disabled={published}
              onChange={(points) => update(index, { points })}
            />
          ) : null}
          {p.kind === 'voucher' ? (
            <VoucherPicker catalog={catalog} chosen={p.rewardItemId} disabled={published} onChange={(rewardItemId) => update(index, { rewardItemId })} />
          ) : null}
          {p.kind !== 'none' && !published ? (
            <Button size="small" className="e2e-lottery-prize-remove" onClick={() => remove(index)}>
              删除奖项
            </Button>
          ) : null}
        </View>
      ))}
      {published ? null : (
        <Button block className="e2e-lottery-prize-add" onClick={add}>
          添加奖项
        </Button>
      )}
    </Section>
  )
}
