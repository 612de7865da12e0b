import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Section from '../../../components/Section'
import Chips from '../../../components/Chips'
import Field from '../../../components/Field'
import TierBadge from '../../../components/TierBadge'
import ConfirmDialog from '../../../components/ConfirmDialog'
import { useAsync } from '../../../hooks/useAsync'
import { getCustomerTier, liftTierOverride, setTierOverride } from '../../../services/tiers'
import { ApiError, errorMessage } from '../../../services/request'
import type { Tier } from '../../../services/api-types'
import { formatDate, formatDateTime } from '../../../utils/format'
import { TIERS } from '../../../utils/labels'
import { DECIDED_BY_LABELS, HISTORY_CAUSE_LABELS, explanationLines, factorBars, formatScore, shanghaiDatePlus, validateOverride } from '../../../utils/tier'
import './index.scss'

const TIER_OPTIONS = TIERS.map((t) => ({ value: t, label: `${t}类` }))

interface Props {
  customerId: string
  /** Managers set and lift overrides. */
  manager: boolean
}

/** Tier, score and its explanation, history; managers override the tier with a reason and an expiry. */
export default function TierSection({ customerId, manager }: Props) {
  const tier = useAsync(() => getCustomerTier(customerId), [customerId])
  const [formOpen, setFormOpen] = useState(false)
  const [draft, setDraft] = useState<{ tier: Tier | ''; reason: string; expiresAt: string }>({ tier: '', reason: '', expiresAt: '' })
  const [errors, setErrors] = useState<Partial<Record<'tier' | 'reason' | 'expiresAt', string>>>({})
  const [busy, setBusy] = useState(false)
  const [confirmLift, setConfirmLift] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)

  const t = tier.data
  if (tier.error) {
    const missing = tier.error instanceof ApiError && tier.error.status === 404
    return (
      <Section title="客户等级" className="e2e-customer-tier">
        <Text className={missing ? 'muted e2e-tier-unavailable' : 'error-text e2e-tier-error'}>{missing ? '暂无分级信息' : errorMessage(tier.error)}</Text>
      </Section>
    )
  }
  if (!t) {
    return (
      <Section title="客户等级" className="e2e-customer-tier">
        <Text className="muted">加载中…</Text>
      </Section>
    )
  }

  function openForm() {
    setFormOpen(true)
    setMessage(null)
    setErrors({})
    setDraft({ tier: t?.override?.tier ?? '', reason: '', expiresAt: shanghaiDatePlus(new Date(), 90) })
  }

  async function submit() {
    const problems = validateOverride(draft, new Date())
    setErrors(problems)
    if (Object.keys(problems).length || !draft.tier) return
    setBusy(true)
    try {
      tier.setData(await setTierOverride(customerId, { tier: draft.tier, reason: draft.reason.trim(), expiresAt: draft.expiresAt.trim() }))
      setFormOpen(false)
      setMessage({ ok: true, text: `已手动调整为 ${draft.tier} 类，${draft.expiresAt} 起失效` })
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) })
    } finally {
      setBusy(false)
    }
  }

  async function lift() {
    setBusy(true)
    try {
      tier.setData(await liftTierOverride(customerId))
      setMessage({ ok: true, text: '已取消手动调整，下次计算起按系统等级' })
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) })
    } finally {
      setBusy(false)
      setConfirmLift(false)
    }
  }

  const bars = factorBars(t.reason)
  const lines = explanationLines(t.explanation)
  const override = t.override

  return (
    <Section title="客户等级" className="e2e-customer-tier">
      <View className="tier__head">
        <TierBadge tier={t.tier} className="e2e-tier-badge" />
        <Text className="tier__score e2e-tier-score">综合得分 {formatScore(t.score)}</Text>
        {t.decidedBy ? <Text className="tag e2e-tier-decided">{DECIDED_BY_LABELS[t.decidedBy]}</Text> : null}
      </View>
      <Text className="list-item__meta">
        {t.groupLabel ? `比较组：${t.groupLabel}${t.groupSize ? `（${t.groupSize} 人）` : ''}` : '尚未参与排名'}
        {t.rank ? ` · 第 ${t.rank} 名` : ''}
        {t.asOf ? ` · 计算日 ${formatDate(t.asOf)}` : ''}
        {t.computedTier && t.computedTier !== t.tier ? ` · 系统等级 ${t.computedTier} 类` : ''}
      </Text>
      {lines.length ? (
        <View className="tier__explain e2e-tier-explanation">
          {lines.map((line, i) => (
            <Text key={`${i}-${line}`} className="tier__line">
              {line}
            </Text>
          ))}
        </View>
      ) : (
        <Text className="muted e2e-tier-explanation">尚未计算等级（每晚自动计算，经理也可在「客户分级设置」中立即计算）</Text>
      )}
      {bars.length ? (
        <View className="tier__factors">
          {bars.map((bar) => (
            <View key={bar.key} className="tier__factor e2e-tier-factor">
              <Text className="tier__factor-label">
                {bar.label}（权重 {bar.weight}%）
              </Text>
              <View className="tier__bar">
                <View className="tier__bar-fill" style={{ width: `${bar.percentile}%` }} />
              </View>
              <Text className="tier__factor-value">优于 {bar.percentile}%</Text>
            </View>
          ))}
        </View>
      ) : null}

      {override ? (
        <View className={`tier__override e2e-tier-override-info ${override.active ? '' : 'tier__override--expired'}`}>
          <Text className="tier__line">
            手动调整为 {override.tier} 类 · {override.byName} · 原因：{override.reason}
          </Text>
          <Text className="list-item__meta">{override.active ? `${override.expiresAt} 起失效` : `已于 ${override.expiresAt} 失效`}</Text>
        </View>
      ) : null}

      {message ? <Text className={`${message.ok ? 'success-text e2e-tier-override-saved' : 'error-text e2e-tier-override-error'}`}>{message.text}</Text> : null}

      {manager ? (
        formOpen ? (
          <View className="tier__form e2e-tier-override-form">
            <Chips
              label="调整为"
              hook="e2e-tier-override-tier"
              options={TIER_OPTIONS}
              value={draft.tier}
              error={errors.tier}
              onChange={(v) => setDraft((d) => ({ ...d, tier: v }))}
            />
            <Field
              label="调整原因"
              className="e2e-tier-override-reason"
              value={draft.reason}
              maxlength={200}
              error={errors.reason}
              placeholder="例如 集团大客户，按 A 类服务"
              onChange={(reason) => setDraft((d) => ({ ...d, reason }))}
            />
            <Field
              label="失效日期（当天起不再生效）"
              className="e2e-tier-override-expires"
              value={draft.expiresAt}
              maxlength={10}
              error={errors.expiresAt}
              placeholder="YYYY-MM-DD"
              onChange={(expiresAt) => setDraft((d) => ({ ...d, expiresAt }))}
            />
            <View className="actions">
              <Button type="primary" size="small" className="e2e-tier-override-submit" loading={busy} disabled={busy} onClick={() => void submit()}>
                保存调整
              </Button>
              <Button size="small" className="e2e-tier-override-cancel" onClick={() => setFormOpen(false)}>
                取消
              </Button>
            </View>
          </View>
        ) : (
          <View className="actions">
            <Button size="small" type="primary" fill="outline" className="e2e-tier-override-open" onClick={openForm}>
              {override?.active ? '修改手动调整' : '手动调整等级'}
            </Button>
            {override?.active ? (
              <Button size="small" className="e2e-tier-override-lift" onClick={() => setConfirmLift(true)}>
                取消手动调整
              </Button>
            ) : null}
          </View>
        )
      ) : null}

      <View className="tier__history">
        <Text className="tier__history-title">等级变化记录</Text>
        {t.history.length === 0 ? <Text className="muted e2e-tier-history-empty">暂无记录</Text> : null}
        {t.history.map((h, i) => (
          <View key={`${h.at}-${i}`} className="tier__history-item e2e-tier-history-item">
            <Text className="tier__line">
              {formatDate(h.date)} · {h.fromTier ?? '无'} → {h.toTier ?? '无'} · {HISTORY_CAUSE_LABELS[h.cause]}
              {h.score !== null ? ` · ${formatScore(h.score)} 分` : ''}
            </Text>
            {h.note || h.byName ? (
              <Text className="list-item__meta">
                {[h.byName, h.note].filter(Boolean).join('：')} · {formatDateTime(h.at)}
              </Text>
            ) : null}
          </View>
        ))}
      </View>

      <ConfirmDialog
        visible={confirmLift}
        title="取消手动调整"
        content="取消后按系统计算的等级执行。"
        busy={busy}
        onConfirm={() => void lift()}
        onCancel={() => setConfirmLift(false)}
      />
    </Section>
  )
}
