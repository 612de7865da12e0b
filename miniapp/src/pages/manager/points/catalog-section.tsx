import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Section from '../../../components/Section'
import Field from '../../../components/Field'
import Chips from '../../../components/Chips'
import { useAsync } from '../../../hooks/useAsync'
import { createRewardItem, listCatalog, updateRewardItem } from '../../../services/points'
import { errorMessage } from '../../../services/request'
import type { RewardItem } from '../../../services/api-types'
import { REWARD_KIND_LABELS, rewardPrice } from '../../../utils/points'
import { EMPTY_REWARD_DRAFT, createRequestOf, draftOf, parseDraft, updateRequestOf, type RewardDraft } from './catalog-draft'

const KIND_OPTIONS = (Object.keys(REWARD_KIND_LABELS) as Array<RewardItem['kind']>).map((value) => ({ value, label: REWARD_KIND_LABELS[value] }))

/** The rewards catalog: items with price, stock, limit, validity; add one, edit one, take one off sale. */
export default function CatalogSection({ dealershipId }: { dealershipId: string }) {
  const catalog = useAsync(() => listCatalog(dealershipId), [dealershipId])
  const [draft, setDraft] = useState<RewardDraft | null>(null)
  const [editing, setEditing] = useState<string | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const set = (change: Partial<RewardDraft>) => draft && setDraft({ ...draft, ...change })

  const act = async (action: () => Promise<unknown>, done: string) => {
    setBusy(true)
    setMessage(null)
    try {
      await action()
      await catalog.reload()
      setMessage(done)
      setDraft(null)
      setEditing(null)
    } catch (e) {
      setMessage(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const save = () => {
    if (!draft) return
    const parsed = parseDraft(draft)
    if ('error' in parsed) {
      setMessage(parsed.error)
      return
    }
    if (editing) void act(() => updateRewardItem(editing, updateRequestOf(draft, parsed.numbers)), '已保存')
    else void act(() => createRewardItem(dealershipId, createRequestOf(draft, parsed.numbers)), '已添加')
  }

  return (
    <Section title="奖品目录" className="e2e-points-catalog">
      {catalog.error ? <Text className="error-text">{errorMessage(catalog.error)}</Text> : null}
      {catalog.data?.items.map((item) => (
        <View key={item.id} className="list-item e2e-points-catalog-item">
          <Text className="list-item__title">{item.name}</Text>
          <Text className="tag">{REWARD_KIND_LABELS[item.kind]}</Text>
          {item.active ? null : <Text className="tag">已下架</Text>}
          <Text className="list-item__meta">
            {rewardPrice(item)} · 已兑 {item.claimed}/{item.stock} · 每人限兑 {item.perOwnerLimit} · {item.uses} 次 · {item.validDays} 天有效
          </Text>
          <View className="manager-points__actions">
            <Button size="small" onClick={() => (setDraft(draftOf(item)), setEditing(item.id), setMessage(null))}>
              编辑
            </Button>
            <Button
              size="small"
              disabled={busy}
              onClick={() => void act(() => updateRewardItem(item.id, { active: !item.active }), item.active ? '已下架' : '已上架')}
            >
              {item.active ? '下架' : '上架'}
            </Button>
          </View>
        </View>
      ))}
      {message ? <Text className="hint e2e-points-catalog-message">{message}</Text> : null}
      {draft ? (
        <View className="e2e-points-catalog-form">
          <Field label="名称" className="e2e-reward-form-name" value={draft.name} onChange={(name) => set({ name })} maxlength={60} />
          <Field label="说明" value={draft.description} onChange={(description) => set({ description })} maxlength={500} />
          {editing ? null : <Chips label="类型" hook="e2e-reward-form-kind" options={KIND_OPTIONS} value={draft.kind} onChange={(kind) => set({ kind })} />}
          {editing ? null : (
            <Field label="所需积分" className="e2e-reward-form-points" type="number" value={draft.points} onChange={(points) => set({ points })} />
          )}
          {!editing && draft.kind === 'package' ? <Field label="使用次数" type="number" value={draft.uses} onChange={(uses) => set({ uses })} /> : null}
          <Field label="库存" type="number" value={draft.stock} onChange={(stock) => set({ stock })} />
          <Field label="每人限兑" type="number" value={draft.perOwnerLimit} onChange={(perOwnerLimit) => set({ perOwnerLimit })} />
          <Field label="兑换后有效天数" type="number" value={draft.validDays} onChange={(validDays) => set({ validDays })} />
          <View className="manager-points__actions">
            <Button type="primary" className="e2e-reward-form-save" loading={busy} onClick={save}>
              保存
            </Button>
            <Button onClick={() => (setDraft(null), setEditing(null))}>取消</Button>
          </View>
        </View>
      ) : (
        <Button block className="e2e-points-catalog-add" onClick={() => (setDraft(EMPTY_REWARD_DRAFT), setEditing(null), setMessage(null))}>
          添加奖品
        </Button>
      )}
    </Section>
  )
}
