import { useEffect, useRef, useState } from 'react'
import DealershipPicker from '../../../components/DealershipPicker'
import { useUnload } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import Field from '../../../components/Field'
import Chips from '../../../components/Chips'
import TierBadge from '../../../components/TierBadge'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { useDealershipScope } from '../../../hooks/useDealershipScope'
import { getTierRun, getTierSettings, getTierSummary, recomputeTiers, saveTierSettings } from '../../../services/tiers'
import { errorMessage } from '../../../services/request'
import { useSave } from '../../../hooks/useSave'
import { can } from '../../../services/session'
import type { TierRunView } from '../../../services/api-types'
import { formatDateTime } from '../../../utils/format'
import { pollUntil } from '../../../utils/poll'
import { TIERS } from '../../../utils/labels'
import {
  TIER_ASSIGNMENT_LABELS,
  TIER_GROUP_BY_LABELS,
  TIER_METHOD_LABELS,
  draftToSettings,
  settingsToDraft,
  type NumberField,
  type SettingsErrors,
  type TierSettingsDraft
} from '../../../utils/tier'
import './index.scss'

const RUN_STATUS_LABELS: Record<TierRunView['status'], string> = { running: '计算中', done: '已完成', failed: '失败' }

function RunSummary({ run, hook }: { run: TierRunView; hook: string }) {
  return (
    <View className={`tiers__run ${hook}`}>
      <Text className={`tiers__run-status e2e-tiers-run-status e2e-tiers-run-status-${run.status}`}>
        {RUN_STATUS_LABELS[run.status]} · 计算日 {run.asOf}（{run.trigger === 'nightly' ? '夜间自动' : '手动'}第 {run.seq} 次）
      </Text>
      <Text className="list-item__meta">
        {formatDateTime(run.startedAt)} 开始{run.durationMs !== null ? ` · 用时 ${(run.durationMs / 1000).toFixed(1)} 秒` : ''} · 客户 {run.customers} · 工单{' '}
        {run.serviceRecords} · 变化 {run.changed}
      </Text>
      {run.movement ? (
        <Text className="list-item__meta e2e-tiers-run-movement">
          升级 {run.movement.upgraded} · 降级 {run.movement.downgraded} · 不变 {run.movement.unchanged} · 新增 {run.movement.added} · 移出{' '}
          {run.movement.removed}
        </Text>
      ) : null}
      {run.error ? <Text className="error-text">{run.error}</Text> : null}
    </View>
  )
}

/** Manager: how customers are tiered (method, weights, window, quotas or thresholds, hysteresis) and recompute now. */
export default function TierSettingsPage() {
  const session = useSession()
  const manager = can(session, 'tiers.manage')
  const scope = useDealershipScope(session)
  const id = scope.effectiveId
  const enabled = manager && !!id
  const settings = useAsync(() => getTierSettings(id ?? ''), [id, enabled], enabled)
  const summary = useAsync(() => getTierSummary(scope.dealershipId), [scope.dealershipId, enabled], enabled)
  const [draft, setDraft] = useState<TierSettingsDraft | null>(null)
  const [errors, setErrors] = useState<SettingsErrors>({})
  const { saving, message, setMessage, save: write } = useSave()
  const [run, setRun] = useState<TierRunView | null>(null)
  const [runError, setRunError] = useState<string | null>(null)
  const cancelled = useRef(false)
  useUnload(() => {
    cancelled.current = true
  })
  useEffect(
    () => () => {
      cancelled.current = true
    },
    []
  )

  useEffect(() => {
    if (settings.data) setDraft(settingsToDraft(settings.data))
  }, [settings.data])

  const setNumber = (field: NumberField, value: string) => setDraft((d) => (d ? { ...d, numbers: { ...d.numbers, [field]: value } } : d))
  const num = (field: NumberField, label: string, hook: string) =>
    draft ? (
      <Field
        key={field}
        label={label}
        className={hook}
        type="number"
        value={draft.numbers[field]}
        maxlength={5}
        error={errors[field]}
        onChange={(v) => setNumber(field, v)}
      />
    ) : null

  async function save() {
    if (!draft || !id) return
    setMessage(null)
    const { settings: next, errors: problems } = draftToSettings(draft)
    setErrors(problems)
    if (!next) {
      setMessage({ ok: false, text: '请检查标红的内容' })
      return
    }
    const saved = await write(() => saveTierSettings(id, next), '设置已保存，下次计算（每晚或立即计算）起生效')
    if (saved) settings.setData(saved)
  }

  async function recompute() {
    setRunError(null)
    try {
      const started = await recomputeTiers(scope.dealershipId)
      setRun(started)
      const done = await pollUntil(
        () => getTierRun(started.id),
        (r) => r.status !== 'running',
        setRun,
        { intervalMs: 1500, isCancelled: () => cancelled.current, maxPolls: 400 }
      )
      if (done) await summary.reload()
    } catch (e) {
      setRunError(errorMessage(e))
    }
  }

  const s = summary.data
  const running = run?.status === 'running'

  return (
    <PageContainer
      className="tiers e2e-page-manager-tiers"
      require="staff"
      capability="tiers.manage"
      loading={(settings.loading && !settings.data) || scope.pending}
      error={settings.error}
      onRetry={() => void settings.reload()}
    >
      <DealershipPicker scope={scope} hook="e2e-tiers-dealership" />

      <Section title="当前分级" className="e2e-tiers-summary">
        {summary.error ? <Text className="error-text">{errorMessage(summary.error)}</Text> : null}
        {s ? (
          <View>
            <View className="tiers__distribution e2e-tiers-distribution">
              {TIERS.map((t) => (
                <View key={t} className={`tiers__count e2e-tiers-count-${t}`}>
                  <TierBadge tier={t} />
                  <Text className="tiers__count-value">{s.distribution[t]}</Text>
                </View>
              ))}
              <View className="tiers__count e2e-tiers-count-none">
                <TierBadge tier={null} />
                <Text className="tiers__count-value">{s.distribution.none}</Text>
              </View>
            </View>
            {s.latestRun ? <RunSummary run={s.latestRun} hook="e2e-tiers-latest-run" /> : <Text className="muted">还没有计算过</Text>}
          </View>
        ) : null}
        <View className="actions">
          <Button type="primary" className="e2e-tiers-recompute" loading={running} disabled={running} onClick={() => void recompute()}>
            立即重新计算
          </Button>
        </View>
        {run ? <RunSummary run={run} hook="e2e-tiers-run" /> : null}
        {runError ? <Text className="error-text e2e-tiers-run-error">{runError}</Text> : null}
      </Section>

      {draft ? (
        <View className="e2e-tiers-form">
          <Section title="计算方法">
            <Chips
              hook="e2e-tiers-method"
              options={(['4s', 'general'] as const).map((v) => ({ value: v, label: TIER_METHOD_LABELS[v] }))}
              value={draft.method}
              onChange={(method) => setDraft({ ...draft, method })}
            />
            {num('lookbackMonths', '统计最近几个月的有偿维修', 'e2e-tiers-lookback')}
            {draft.method === '4s' ? (
              <View>
                {num('weights4s.avgTicket', '客单价权重 %', 'e2e-tiers-weight-avgTicket')}
                {num('weights4s.visitCount', '回站次数权重 %', 'e2e-tiers-weight-visitCount')}
                {num('weights4s.visitInterval', '回站周期权重 %（越短越好）', 'e2e-tiers-weight-visitInterval')}
                {errors.weights4s ? <Text className="error-text e2e-tiers-weights-error">{errors.weights4s}</Text> : null}
              </View>
            ) : (
              <View>
                {num('weightsGeneral.contractAmount', '合同金额权重 %', 'e2e-tiers-weight-contractAmount')}
                {num('weightsGeneral.profit', '利润贡献权重 %（无利润数据时按金额）', 'e2e-tiers-weight-profit')}
                {num('weightsGeneral.frequency', '消费频次权重 %', 'e2e-tiers-weight-frequency')}
                {errors.weightsGeneral ? <Text className="error-text e2e-tiers-weights-error">{errors.weightsGeneral}</Text> : null}
              </View>
            )}
          </Section>

          <Section title="比较与定级">
            <Chips
              hook="e2e-tiers-group"
              options={(['series', 'none'] as const).map((v) => ({ value: v, label: TIER_GROUP_BY_LABELS[v] }))}
              value={draft.groupBy}
              onChange={(groupBy) => setDraft({ ...draft, groupBy })}
            />
            {num('minGroupSize', '车系客户少于此数时并入合并组比较', 'e2e-tiers-min-group')}
            <Chips
              hook="e2e-tiers-assignment"
              options={(['quota', 'thresholds'] as const).map((v) => ({ value: v, label: TIER_ASSIGNMENT_LABELS[v] }))}
              value={draft.assignment}
              onChange={(assignment) => setDraft({ ...draft, assignment })}
            />
            {draft.assignment === 'quota' ? (
              <View>
                {TIERS.map((t) => num(`quota.${t}` as NumberField, `${t} 类比例 %`, `e2e-tiers-quota-${t}`))}
                {errors.quota ? <Text className="error-text e2e-tiers-quota-error">{errors.quota}</Text> : null}
              </View>
            ) : (
              <View>
                {(['A', 'B', 'C'] as const).map((t) => num(`thresholds.${t}` as NumberField, `${t} 类最低分（默认）`, `e2e-tiers-threshold-${t}`))}
                <Text className="hint">低于 C 类分数线为 D 类。</Text>
                {errors.thresholds ? <Text className="error-text e2e-tiers-thresholds-error">{errors.thresholds}</Text> : null}
                <Text className="tiers__subtitle">按车系单独设置</Text>
                {draft.series.map((row, index) => (
                  <View key={index} className="tiers__series e2e-tiers-series-row">
                    <Field
                      label="车系"
                      className="e2e-tiers-series-name"
                      value={row.name}
                      maxlength={50}
                      onChange={(name) => setDraft({ ...draft, series: draft.series.map((r, i) => (i === index ? { ...r, name } : r)) })}
                    />
                    {(['A', 'B', 'C'] as const).map((t) => (
                      <Field
                        key={t}
                        label={`${t} ≥`}
                        className={`e2e-tiers-series-${t}`}
                        type="number"
                        value={row[t]}
                        maxlength={3}
                        onChange={(v) => setDraft({ ...draft, series: draft.series.map((r, i) => (i === index ? { ...r, [t]: v } : r)) })}
                      />
                    ))}
                    {errors[`series.${index}`] ? <Text className="error-text">{errors[`series.${index}`]}</Text> : null}
                    <Button
                      size="small"
                      fill="none"
                      className="e2e-tiers-series-remove"
                      onClick={() => setDraft({ ...draft, series: draft.series.filter((_, i) => i !== index) })}
                    >
                      删除此车系
                    </Button>
                  </View>
                ))}
                <Button
                  size="small"
                  className="e2e-tiers-series-add"
                  onClick={() => setDraft({ ...draft, series: [...draft.series, { name: '', A: '', B: '', C: '' }] })}
                >
                  ＋ 添加车系分数线
                </Button>
              </View>
            )}
            {num('hysteresisPoints', '边界缓冲（防止客户在边界附近来回跳级）', 'e2e-tiers-hysteresis')}
            <Text className="hint">按比例定级时为排名百分点，按分数线定级时为分数。</Text>
            <Chips
              label="近期无有偿维修的客户定为"
              hook="e2e-tiers-novisit"
              options={TIERS.map((t) => ({ value: t, label: `${t} 类` }))}
              value={draft.noVisitTier}
              onChange={(noVisitTier) => setDraft({ ...draft, noVisitTier })}
            />
          </Section>

          <Section>
            {message ? <Text className={`${message.ok ? 'success-text e2e-tiers-saved' : 'error-text e2e-tiers-error'}`}>{message.text}</Text> : null}
            <Button type="primary" block className="e2e-tiers-save" loading={saving} disabled={saving} onClick={() => void save()}>
              保存设置
            </Button>
          </Section>
        </View>
      ) : null}
    </PageContainer>
  )
}
