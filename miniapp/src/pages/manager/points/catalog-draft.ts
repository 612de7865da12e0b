import type { CreateRewardItem, RewardItem, UpdateRewardItem } from '../../../services/api-types'

/** The catalog form as typed (strings), and its conversion to a create / update request. */
export interface RewardDraft {
  name: string
  description: string
  kind: RewardItem['kind']
  points: string
  stock: string
  perOwnerLimit: string
  uses: string
  validDays: string
}

export const EMPTY_REWARD_DRAFT: RewardDraft = {
  name: '',
  description: '',
  kind: 'coupon',
  points: '',
  stock: '100',
  perOwnerLimit: '1',
  uses: '1',
  validDays: '90'
}

export const draftOf = (item: RewardItem): RewardDraft => ({
  name: item.name,
  description: item.description,
  kind: item.kind,
  points: String(item.price.points),
  stock: String(item.stock),
  perOwnerLimit: String(item.perOwnerLimit),
  uses: String(item.uses),
  validDays: String(item.validDays)
})

type Parsed = { ok: true; value: number } | { ok: false; error: string }

function wholeNumber(text: string, label: string, min: number, max: number): Parsed {
  const value = Number(text.trim())
  if (text.trim() === '' || !Number.isInteger(value)) return { ok: false, error: `${label}须为整数` }
  if (value < min || value > max) return { ok: false, error: `${label}须在 ${min}–${max} 之间` }
  return { ok: true, value }
}

/** The checked numbers of a draft, or the first problem in Chinese. */
export function parseDraft(d: RewardDraft): { error: string } | { numbers: Record<'points' | 'stock' | 'perOwnerLimit' | 'uses' | 'validDays', number> } {
  if (!d.name.trim()) return { error: '请填写名称' }
  const fields = {
    points: wholeNumber(d.points, '所需积分', 1, 10_000_000),
    stock: wholeNumber(d.stock, '库存', 0, 1_000_000),
    perOwnerLimit: wholeNumber(d.perOwnerLimit, '每人限兑', 1, 100),
    uses: wholeNumber(d.kind === 'package' ? d.uses : '1', '使用次数', 1, 100),
    validDays: wholeNumber(d.validDays, '有效天数', 1, 3650)
  }
  const numbers = { points: 0, stock: 0, perOwnerLimit: 0, uses: 0, validDays: 0 }
  for (const key of Object.keys(fields) as Array<keyof typeof fields>) {
    const parsed = fields[key]
    if (!parsed.ok) return { error: parsed.error }
    numbers[key] = parsed.value
  }
  return { numbers }
}

export function createRequestOf(d: RewardDraft, n: Record<'points' | 'stock' | 'perOwnerLimit' | 'uses' | 'validDays', number>): CreateRewardItem {
  return {
    name: d.name.trim(),
    description: d.description.trim(),
    kind: d.kind,
    price: { points: n.points, cashFen: 0 },
    stock: n.stock,
    perOwnerLimit: n.perOwnerLimit,
    uses: n.uses,
    validDays: n.validDays,
    tiersAllowed: [],
    visibleFrom: null,
    visibleTo: null
  }
}

/** An edit changes what the server lets change (price, kind and uses are fixed once created). */
export function updateRequestOf(d: RewardDraft, n: Record<'stock' | 'perOwnerLimit' | 'validDays', number>): UpdateRewardItem {
  return { name: d.name.trim(), description: d.description.trim(), stock: n.stock, perOwnerLimit: n.perOwnerLimit, validDays: n.validDays }
}
