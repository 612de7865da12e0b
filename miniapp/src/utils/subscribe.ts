import type { SubscribeAnswer, SubscriptionStatus } from '../services/api-types'

/**
 * Subscribe-message consent (pure part). WeChat asks for at most 3 templates per call, and
 * each `accept` allows exactly one message, so we ask first for the templates with the fewest
 * messages left.
 */

export const MAX_TEMPLATES_PER_REQUEST = 3

export type SubscribeTemplate = SubscriptionStatus['templates'][number]

const ANSWERS: readonly SubscribeAnswer[] = ['accept', 'reject', 'ban', 'filter']

/** Up to 3 distinct template ids, those with the fewest remaining messages first (stable). */
export function pickTemplates(templates: readonly SubscribeTemplate[], max = MAX_TEMPLATES_PER_REQUEST): string[] {
  const seen = new Set<string>()
  return templates
    .map((t, index) => ({ t, index }))
    .sort((a, b) => a.t.remaining - b.t.remaining || a.index - b.index)
    .map(({ t }) => t.templateId)
    .filter((id) => {
      if (!id || seen.has(id)) return false
      seen.add(id)
      return true
    })
    .slice(0, max)
}

/** An id that makes a retried report count once (`[A-Za-z0-9_-]{8,64}`). */
export function newRequestId(now: number = Date.now(), random: () => number = Math.random): string {
  const tail = Math.floor(random() * 36 ** 8)
    .toString(36)
    .padStart(8, '0')
  return `sub_${now.toString(36)}_${tail}`
}

/**
 * The answers for the ids we asked about, from requestSubscribeMessage's result object
 * (which also carries errMsg and, on some clients, other keys).
 */
export function answersFrom(raw: Record<string, unknown>, tmplIds: readonly string[]): Record<string, SubscribeAnswer> {
  const out: Record<string, SubscribeAnswer> = {}
  for (const id of tmplIds) {
    const value = raw[id]
    if (typeof value === 'string' && (ANSWERS as readonly string[]).includes(value)) out[id] = value as SubscribeAnswer
  }
  return out
}

/** H5 demo mode: there is no WeChat; every asked template counts as accepted. */
export function simulatedAnswers(tmplIds: readonly string[]): Record<string, SubscribeAnswer> {
  const out: Record<string, SubscribeAnswer> = {}
  for (const id of tmplIds) out[id] = 'accept'
  return out
}

/** `已开启：生日祝福、节日问候；未开启：关怀提醒` for the result line. */
export function subscribeSummary(answers: Record<string, SubscribeAnswer>, templates: readonly SubscribeTemplate[]): string {
  const title = (id: string) => templates.find((t) => t.templateId === id)?.title ?? id
  const ids = Object.keys(answers)
  const accepted = ids.filter((id) => answers[id] === 'accept').map(title)
  const declined = ids.filter((id) => answers[id] !== 'accept').map(title)
  if (!ids.length) return '未开启任何提醒'
  const parts: string[] = []
  if (accepted.length) parts.push(`已开启：${accepted.join('、')}`)
  if (declined.length) parts.push(`未开启：${declined.join('、')}`)
  return parts.join('；')
}

/** `生日祝福 还可接收 2 条` lines for the status box. */
export function remainingLines(templates: readonly SubscribeTemplate[]): string[] {
  return templates.map((t) => `${t.title}：${t.remaining > 0 ? `还可接收 ${t.remaining} 条` : '未开启'}`)
}
