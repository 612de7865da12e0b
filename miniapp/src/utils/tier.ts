import type { CustomerTierView, Tier, TierSettings } from '../services/api-types'
import { TIERS } from './labels'

/** Tier display and the tier-settings form (pure). */

export const TIER_METHOD_LABELS: Record<TierSettings['method'], string> = {
  '4s': '4S 店方法（客单价/回站次数/回站周期）',
  general: '通用方法（合同金额/利润/频次）'
}
export const TIER_ASSIGNMENT_LABELS: Record<TierSettings['assignment'], string> = { quota: '按比例（配额）', thresholds: '按分数线' }
export const TIER_GROUP_BY_LABELS: Record<TierSettings['groupBy'], string> = { series: '按车系分组比较', none: '全店一起比较' }

export const DECIDED_BY_LABELS: Record<NonNullable<CustomerTierView['decidedBy']>, string> = {
  quota: '按比例定级',
  thresholds: '按分数线定级',
  no_visits: '无有偿进厂',
  hysteresis: '边界缓冲保持',
  override: '经理手动调整'
}

export const HISTORY_CAUSE_LABELS: Record<CustomerTierView['history'][number]['cause'], string> = {
  quota: '按比例定级',
  thresholds: '按分数线定级',
  no_visits: '无有偿进厂',
  hysteresis: '边界缓冲保持',
  override: '手动调整',
  override_lifted: '取消手动调整'
}

export const FACTOR_LABELS: Record<string, string> = {
  avgTicket: '客单价',
  visitCount: '回站次数',
  visitInterval: '回站周期',
  contractAmount: '合同金额',
  profit: '利润贡献',
  frequency: '消费频次'
}

/** `92.5` (one decimal) or `—`. */
export function formatScore(score: number | null | undefined): string {
  if (score === null || score === undefined || Number.isNaN(score)) return '—'
  return score.toFixed(1)
}

/** The stored one-line explanation split into its parts (the engine joins them with `；`). */
export function explanationLines(explanation: string | null | undefined): string[] {
  if (!explanation) return []
  return explanation
    .split('；')
    .map((s) => s.trim())
    .filter(Boolean)
}

export interface FactorBar {
  key: string
  label: string
  /** Percentile in the comparison group, 0–100. */
  percentile: number
  weight: number
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Factor percentiles and weights from the engine's stored reason (empty when not ranked). */
export function factorBars(reason: Record<string, unknown> | null | undefined): FactorBar[] {
  if (!reason || !isRecord(reason.weights) || !isRecord(reason.featureScores)) return []
  const weights = reason.weights
  const scores = reason.featureScores
  return Object.keys(weights)
    .filter((key) => typeof weights[key] === 'number' && typeof scores[key] === 'number')
    .map((key) => ({
      key,
      label: FACTOR_LABELS[key] ?? key,
      percentile: Math.max(0, Math.min(100, Math.round((scores[key] as number) * 10) / 10)),
      weight: weights[key] as number
    }))
}

/** `YYYY-MM-DD` of `today + days` in Asia/Shanghai. */
export function shanghaiDatePlus(today: Date, days: number): string {
  const d = new Date(today.getTime() + 8 * 3600 * 1000 + days * 86400000)
  const pad = (n: number) => (n < 10 ? `0${n}` : String(n))
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}

/** Override form check: tier chosen, reason 1–200 chars, expiry a real date after today. */
export function validateOverride(
  input: { tier: string; reason: string; expiresAt: string },
  today: Date
): Partial<Record<'tier' | 'reason' | 'expiresAt', string>> {
  const errors: Partial<Record<'tier' | 'reason' | 'expiresAt', string>> = {}
  if (!(TIERS as readonly string[]).includes(input.tier)) errors.tier = '请选择等级'
  const reason = input.reason.trim()
  if (!reason) errors.reason = '请填写调整原因'
  else if (reason.length > 200) errors.reason = '原因最多200字'
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.expiresAt.trim())
  if (!m) errors.expiresAt = '请按 年-月-日 填写，例如 2026-12-31'
  else {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
    const date = new Date(Date.UTC(y, mo - 1, d))
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) errors.expiresAt = '日期不存在'
    else if (input.expiresAt.trim() <= shanghaiDatePlus(today, 0)) errors.expiresAt = '失效日期须晚于今天'
  }
  return errors
}

// ---- tier settings form ----

export type NumberField =
  | 'lookbackMonths'
  | 'weights4s.avgTicket'
  | 'weights4s.visitCount'
  | 'weights4s.visitInterval'
  | 'weightsGeneral.contractAmount'
  | 'weightsGeneral.profit'
  | 'weightsGeneral.frequency'
  | 'quota.A'
  | 'quota.B'
  | 'quota.C'
  | 'quota.D'
  | 'thresholds.A'
  | 'thresholds.B'
  | 'thresholds.C'
  | 'hysteresisPoints'
  | 'minGroupSize'

export interface SeriesRow {
  name: string
  A: string
  B: string
  C: string
}

export interface TierSettingsDraft {
  method: TierSettings['method']
  groupBy: TierSettings['groupBy']
  assignment: TierSettings['assignment']
  noVisitTier: Tier
  numbers: Record<NumberField, string>
  series: SeriesRow[]
}

export type SettingsErrors = Partial<Record<NumberField | 'weights4s' | 'weightsGeneral' | 'quota' | 'thresholds' | `series.${number}`, string>>

export function settingsToDraft(s: TierSettings): TierSettingsDraft {
  const str = (n: number) => String(n)
  return {
    method: s.method,
    groupBy: s.groupBy,
    assignment: s.assignment,
    noVisitTier: s.noVisitTier,
    numbers: {
      lookbackMonths: str(s.lookbackMonths),
      'weights4s.avgTicket': str(s.weights4s.avgTicket),
      'weights4s.visitCount': str(s.weights4s.visitCount),
      'weights4s.visitInterval': str(s.weights4s.visitInterval),
      'weightsGeneral.contractAmount': str(s.weightsGeneral.contractAmount),
      'weightsGeneral.profit': str(s.weightsGeneral.profit),
      'weightsGeneral.frequency': str(s.weightsGeneral.frequency),
      'quota.A': str(s.quota.A),
      'quota.B': str(s.quota.B),
      'quota.C': str(s.quota.C),
      'quota.D': str(s.quota.D),
      'thresholds.A': str(s.thresholds.default.A),
      'thresholds.B': str(s.thresholds.default.B),
      'thresholds.C': str(s.thresholds.default.C),
      hysteresisPoints: str(s.hysteresisPoints),
      minGroupSize: str(s.minGroupSize)
    },
    series: Object.keys(s.thresholds.bySeries).map((name) => ({
      name,
      A: str(s.thresholds.bySeries[name].A),
      B: str(s.thresholds.bySeries[name].B),
      C: str(s.thresholds.bySeries[name].C)
    }))
  }
}

const RANGES: Record<NumberField, [number, number]> = {
  lookbackMonths: [1, 120],
  'weights4s.avgTicket': [0, 100],
  'weights4s.visitCount': [0, 100],
  'weights4s.visitInterval': [0, 100],
  'weightsGeneral.contractAmount': [0, 100],
  'weightsGeneral.profit': [0, 100],
  'weightsGeneral.frequency': [0, 100],
  'quota.A': [0, 100],
  'quota.B': [0, 100],
  'quota.C': [0, 100],
  'quota.D': [0, 100],
  'thresholds.A': [0, 100],
  'thresholds.B': [0, 100],
  'thresholds.C': [0, 100],
  hysteresisPoints: [0, 50],
  minGroupSize: [1, 10000]
}

function parseWhole(raw: string): number | null {
  const t = raw.trim()
  return /^\d+$/.test(t) ? Number(t) : null
}

/** Validates the form like the server's tierSettings schema and builds the settings object. */
export function draftToSettings(draft: TierSettingsDraft): { settings: TierSettings | null; errors: SettingsErrors } {
  const errors: SettingsErrors = {}
  const n = {} as Record<NumberField, number>
  for (const field of Object.keys(RANGES) as NumberField[]) {
    const value = parseWhole(draft.numbers[field])
    const [min, max] = RANGES[field]
    if (value === null) errors[field] = '请填写整数'
    else if (value < min || value > max) errors[field] = `应在 ${min}–${max} 之间`
    else n[field] = value
  }
  const sum = (fields: NumberField[]) => fields.reduce((acc, f) => acc + (n[f] ?? 0), 0)
  if (sum(['weights4s.avgTicket', 'weights4s.visitCount', 'weights4s.visitInterval']) !== 100) errors.weights4s = '三项权重之和必须为 100'
  if (sum(['weightsGeneral.contractAmount', 'weightsGeneral.profit', 'weightsGeneral.frequency']) !== 100) errors.weightsGeneral = '三项权重之和必须为 100'
  if (sum(['quota.A', 'quota.B', 'quota.C', 'quota.D']) !== 100) errors.quota = 'A/B/C/D 比例之和必须为 100'
  if (!(n['thresholds.A'] > n['thresholds.B'] && n['thresholds.B'] > n['thresholds.C'])) errors.thresholds = '分数线须满足 A > B > C'
  const bySeries: Record<string, { A: number; B: number; C: number }> = {}
  draft.series.forEach((row, index) => {
    const name = row.name.trim()
    const [a, b, c] = [parseWhole(row.A), parseWhole(row.B), parseWhole(row.C)]
    if (!name) errors[`series.${index}`] = '请填写车系名称'
    else if (name.length > 50) errors[`series.${index}`] = '车系名称最多 50 字'
    else if (bySeries[name]) errors[`series.${index}`] = '车系重复'
    else if (a === null || b === null || c === null || a > 100 || b > 100 || c > 100) errors[`series.${index}`] = '分数线应为 0–100 的整数'
    else if (!(a > b && b > c)) errors[`series.${index}`] = '分数线须满足 A > B > C'
    else bySeries[name] = { A: a, B: b, C: c }
  })
  if (Object.keys(errors).length) return { settings: null, errors }
  return {
    settings: {
      method: draft.method,
      lookbackMonths: n.lookbackMonths,
      weights4s: { avgTicket: n['weights4s.avgTicket'], visitCount: n['weights4s.visitCount'], visitInterval: n['weights4s.visitInterval'] },
      weightsGeneral: { contractAmount: n['weightsGeneral.contractAmount'], profit: n['weightsGeneral.profit'], frequency: n['weightsGeneral.frequency'] },
      groupBy: draft.groupBy,
      assignment: draft.assignment,
      quota: { A: n['quota.A'], B: n['quota.B'], C: n['quota.C'], D: n['quota.D'] },
      thresholds: { default: { A: n['thresholds.A'], B: n['thresholds.B'], C: n['thresholds.C'] }, bySeries },
      hysteresisPoints: n.hysteresisPoints,
      minGroupSize: n.minGroupSize,
      noVisitTier: draft.noVisitTier
    },
    errors
  }
}
