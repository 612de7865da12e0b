import type { CareChannel, CareRuleView, CareTemplate, CreateCareRule, OccasionKind, Tier } from '../services/api-types'

/** The task kinds a care rule may create (not the aftercare escalation). */
type CareTaskKind = Extract<CareChannel, { kind: 'advisor_task' }>['task']
import {
  CARE_PLACEHOLDERS,
  CHANNEL_KIND_LABELS,
  FESTIVAL_KEYS,
  FESTIVAL_LABELS,
  OCCASION_KINDS,
  OCCASION_LABELS,
  TASK_KIND_LABELS,
  TIERS,
  type ChannelKind,
  type FestivalKey
} from './labels'

/** Care-rule editor model (pure): rule ↔ form draft ↔ request body, validation, summaries. */

export type Plan = CreateCareRule['plan']

export interface RuleDraft {
  name: string
  plan: Plan
  occasionKind: OccasionKind
  festival: FestivalKey | ''
  tiers: Tier[]
  includeUntiered: boolean
  /** '' = no segment. */
  segmentId: string
  consentRequired: boolean
  channelKind: ChannelKind
  templateId: string
  page: string
  /** keyword → value text with {placeholders}. */
  data: Record<string, string>
  task: CareTaskKind
  title: string
  body: string
  leadDays: string
  windowStart: string
  windowEnd: string
  everyMonths: string
  enabled: boolean
}

export type DraftErrors = Partial<Record<keyof RuleDraft | `data.${string}`, string>>

export function emptyDraft(): RuleDraft {
  return {
    name: '',
    plan: 'all',
    occasionKind: 'birthday',
    festival: '',
    tiers: [],
    includeUntiered: true,
    segmentId: '',
    consentRequired: true,
    channelKind: 'inbox',
    templateId: '',
    page: '',
    data: {},
    task: 'care_call',
    title: '',
    body: '',
    leadDays: '0',
    windowStart: '09:00',
    windowEnd: '21:00',
    everyMonths: '3',
    enabled: true
  }
}

/** `festival:mid_autumn` → {kind: 'festival', festival: 'mid_autumn'}. */
export function parseOccasion(occasion: string): { kind: OccasionKind; festival: FestivalKey | '' } {
  if (occasion.startsWith('festival:')) {
    const key = occasion.slice(9)
    return { kind: 'festival', festival: (FESTIVAL_KEYS as readonly string[]).includes(key) ? (key as FestivalKey) : '' }
  }
  const kind = (OCCASION_KINDS as readonly string[]).includes(occasion) ? (occasion as OccasionKind) : 'birthday'
  return { kind, festival: '' }
}

export function composeOccasion(kind: OccasionKind, festival: FestivalKey | ''): string {
  return kind === 'festival' ? `festival:${festival}` : kind
}

/** `节日 · 中秋节`, `生日`. */
export function occasionLabel(occasion: string): string {
  const { kind, festival } = parseOccasion(occasion)
  if (kind === 'festival') return festival ? `节日 · ${FESTIVAL_LABELS[festival]}` : '节日'
  return OCCASION_LABELS[kind]
}

export function draftFromRule(rule: CareRuleView): RuleDraft {
  const { kind, festival } = parseOccasion(rule.occasion)
  const draft = emptyDraft()
  const channel = rule.channel
  return {
    ...draft,
    name: rule.name,
    plan: rule.plan,
    occasionKind: kind,
    festival,
    tiers: [...rule.audience.tiers],
    includeUntiered: rule.audience.includeUntiered,
    segmentId: rule.audience.segmentId ?? '',
    consentRequired: rule.audience.consentRequired,
    channelKind: channel.kind,
    templateId: channel.kind === 'subscribe' ? channel.templateId : '',
    page: channel.kind === 'subscribe' ? (channel.page ?? '') : '',
    data: channel.kind === 'subscribe' ? { ...channel.data } : {},
    task: channel.kind === 'advisor_task' ? channel.task : draft.task,
    title: rule.message.title,
    body: rule.message.body,
    leadDays: String(rule.leadDays),
    windowStart: rule.sendWindow.start,
    windowEnd: rule.sendWindow.end,
    everyMonths: String(rule.everyMonths),
    enabled: rule.enabled
  }
}

/** Placeholders in `text` that the care engine does not know. */
export function unknownPlaceholders(text: string): string[] {
  const out: string[] = []
  const re = /\{([^{}]*)\}/g
  let m: RegExpExecArray | null
  while ((m = re.exec(text))) {
    if (!(CARE_PLACEHOLDERS as readonly string[]).includes(m[1]) && !out.includes(m[1])) out.push(m[1])
  }
  return out
}

/** Length limit of a subscribe-message keyword by its type prefix (docs/wechat.md), or null. */
export function keywordLimit(keyword: string): number | null {
  const type = keyword.replace(/\d+$/, '')
  const limits: Record<string, number> = {
    thing: 20,
    number: 32,
    letter: 32,
    symbol: 5,
    character_string: 32,
    phone_number: 17,
    car_number: 8,
    name: 10,
    phrase: 5
  }
  return limits[type] ?? null
}

/** A starting value per keyword of a template (the manager edits them). */
export function defaultKeywordValue(keyword: string): string {
  const type = keyword.replace(/\d+$/, '')
  if (type === 'date' || type === 'time') return '{date}'
  if (type === 'name') return '{name}'
  if (type === 'thing') return keyword.endsWith('1') ? '{occasion}祝福' : '{dealership}'
  return '{occasion}'
}

/** Keeps the values of the template's keywords, fills the missing ones, drops the others. */
export function dataForTemplate(template: CareTemplate, current: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const keyword of template.keywords) out[keyword] = current[keyword] ?? defaultKeywordValue(keyword)
  return out
}

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/

function intIn(raw: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(raw.trim())) return null
  const n = Number(raw.trim())
  return n >= min && n <= max ? n : null
}

function checkText(text: string, max: number, label: string): string | null {
  const t = text.trim()
  if (!t) return `请填写${label}`
  if (t.length > max) return `${label}最多 ${max} 字`
  const unknown = unknownPlaceholders(t)
  if (unknown.length) return `未知的占位符：${unknown.map((p) => `{${p}}`).join(' ')}`
  return null
}

/** Field errors of a draft (empty object = valid); mirrors createCareRuleRequest. */
export function validateDraft(draft: RuleDraft, templates: readonly CareTemplate[] = []): DraftErrors {
  const errors: DraftErrors = {}
  const name = draft.name.trim()
  if (!name) errors.name = '请填写规则名称'
  else if (name.length > 30) errors.name = '名称最多 30 字'
  if (draft.occasionKind === 'festival' && !draft.festival) errors.festival = '请选择节日'
  const title = checkText(draft.title, 30, '消息标题')
  if (title) errors.title = title
  const body = checkText(draft.body, 300, '消息内容')
  if (body) errors.body = body
  if (intIn(draft.leadDays, 0, 60) === null) errors.leadDays = '提前天数应为 0–60 的整数'
  if (!CLOCK.test(draft.windowStart) || draft.windowStart === '24:00') errors.windowStart = '开始时间格式应为 HH:MM'
  if (!CLOCK.test(draft.windowEnd)) errors.windowEnd = '结束时间格式应为 HH:MM'
  else if (draft.windowStart === draft.windowEnd) errors.windowEnd = '发送时段的开始和结束不能相同'
  if (draft.occasionKind === 'tier_touchpoint' && intIn(draft.everyMonths, 1, 12) === null) errors.everyMonths = '间隔月数应为 1–12 的整数'
  if (draft.channelKind === 'subscribe') {
    const template = templates.find((t) => t.templateId === draft.templateId)
    if (!draft.templateId) errors.templateId = '请选择消息模板'
    else if (templates.length && !template) errors.templateId = '模板不在本店模板列表中'
    const keywords = template ? template.keywords : Object.keys(draft.data)
    for (const keyword of keywords) {
      const problem = checkText(draft.data[keyword] ?? '', 100, '关键词内容')
      if (problem) errors[`data.${keyword}`] = problem
    }
    if (draft.page.trim().startsWith('/')) errors.page = '页面路径不以 / 开头'
  }
  return errors
}

export function channelFromDraft(draft: RuleDraft): CareChannel {
  switch (draft.channelKind) {
    case 'subscribe': {
      const data: Record<string, string> = {}
      for (const key of Object.keys(draft.data)) data[key] = draft.data[key].trim()
      return { kind: 'subscribe', templateId: draft.templateId, page: draft.page.trim() || null, data }
    }
    case 'advisor_task':
      return { kind: 'advisor_task', task: draft.task }
    default:
      return { kind: 'inbox' }
  }
}

/** The request body (POST creates, PATCH accepts the same fields). Call after validateDraft. */
export function draftToRequest(draft: RuleDraft): CreateCareRule {
  return {
    name: draft.name.trim(),
    plan: draft.plan,
    occasion: composeOccasion(draft.occasionKind, draft.festival),
    audience: {
      tiers: TIERS.filter((t) => draft.tiers.includes(t)),
      includeUntiered: draft.includeUntiered,
      segmentId: draft.segmentId || null,
      consentRequired: draft.consentRequired
    },
    channel: channelFromDraft(draft),
    message: { title: draft.title.trim(), body: draft.body.trim() },
    leadDays: Number(draft.leadDays.trim()),
    sendWindow: { start: draft.windowStart, end: draft.windowEnd },
    everyMonths: Number(draft.everyMonths.trim()) || 3,
    enabled: draft.enabled
  }
}

/** `A/B类 · 分群「老客户」 · 需营销授权`. */
export function audienceSummary(audience: CareRuleView['audience'], segmentName?: (id: string) => string | undefined): string {
  const parts: string[] = []
  parts.push(audience.tiers.length ? `${audience.tiers.join('/')}类` : '全部等级')
  if (audience.includeUntiered && audience.tiers.length) parts.push('含未分级')
  if (audience.segmentId) parts.push(`分群「${segmentName?.(audience.segmentId) ?? '已删除的分群'}」`)
  if (audience.consentRequired) parts.push('需营销授权')
  return parts.join(' · ')
}

/** `微信订阅消息（生日祝福）`, `顾问任务（季度回访）`, `站内消息`. */
export function channelSummary(channel: CareChannel, templates: readonly CareTemplate[] = []): string {
  if (channel.kind === 'subscribe') {
    const title = templates.find((t) => t.templateId === channel.templateId)?.title ?? channel.templateId
    return `${CHANNEL_KIND_LABELS.subscribe}（${title}）`
  }
  if (channel.kind === 'advisor_task') return `${CHANNEL_KIND_LABELS.advisor_task}（${TASK_KIND_LABELS[channel.task]}）`
  return CHANNEL_KIND_LABELS.inbox
}

/** `提前 3 天 · 09:00–21:00`. */
export function timingSummary(rule: Pick<CareRuleView, 'leadDays' | 'sendWindow'>): string {
  return `${rule.leadDays > 0 ? `提前 ${rule.leadDays} 天` : '当天'} · ${rule.sendWindow.start}–${rule.sendWindow.end}`
}
