import { isValidPlate, normalizePlate } from '@dealer/shared/domain/plate'
import { isValidMobile, normalizeMobile } from '@dealer/shared/domain/mobile'
import { ApiError } from '../services/request-core'
import type { CalendarKind, ContactChannel, StaffRole } from '../services/api-types'

export interface ClaimInput {
  plate: string
  vinLast6: string
}

export interface ClaimValidation {
  ok: boolean
  errors: Partial<Record<keyof ClaimInput, string>>
  value: ClaimInput
}

/** The counter check: plate + last six characters of the VIN. */
export function validateClaim(input: ClaimInput): ClaimValidation {
  const errors: ClaimValidation['errors'] = {}
  const plate = normalizePlate(input.plate) ?? ''
  const vinLast6 = input.vinLast6.replace(/\s+/g, '').toUpperCase()
  if (!plate) errors.plate = '请输入车牌号'
  else if (!isValidPlate(plate)) errors.plate = '车牌号格式不正确，例如 粤B12345'
  if (!vinLast6) errors.vinLast6 = '请输入车架号（VIN）后六位'
  else if (!/^[A-HJ-NPR-Z0-9]{6}$/.test(vinLast6)) errors.vinLast6 = '车架号后六位应为 6 位字母或数字（不含 I、O、Q）'
  return { ok: Object.keys(errors).length === 0, errors, value: { plate, vinLast6 } }
}

function attemptsLeftOf(details: unknown): number | null {
  if (details && typeof details === 'object' && 'attemptsLeft' in details) {
    const n = (details as { attemptsLeft: unknown }).attemptsLeft
    return typeof n === 'number' ? n : null
  }
  return null
}

/** What the owner reads when a claim is refused. */
export function claimErrorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : '认领失败，请稍后再试'
  switch (error.code) {
    case 'VIN_MISMATCH': {
      const left = attemptsLeftOf(error.details)
      return left === null ? '车架号后六位与车牌不匹配' : `车架号后六位与车牌不匹配，今天还可尝试 ${left} 次`
    }
    case 'TOO_MANY_ATTEMPTS':
      return '今天尝试次数过多，请明天再试或联系门店服务顾问'
    case 'VEHICLE_NOT_FOUND':
      return '该门店没有这个车牌的车辆档案，请核对车牌或联系门店'
    default:
      return error.message
  }
}

export function validatePhone(raw: string): string | null {
  if (!raw.trim()) return '请输入手机号'
  const mobile = normalizeMobile(raw)
  return mobile && isValidMobile(mobile) ? null : '请输入 11 位中国大陆手机号'
}

export function normalizedPhone(raw: string): string {
  return normalizeMobile(raw) ?? raw.trim()
}

function isRealDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

/** Birthday as typed: `YYYY-MM-DD`; a lunar month has at most 30 days. */
export function validateBirthday(calendar: CalendarKind, date: string, today = new Date()): string | null {
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(date.trim())
  if (!match) return '请按 年-月-日 填写，例如 1988-06-18'
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])]
  if (y < 1900 || y > today.getFullYear()) return '年份不正确'
  if (m < 1 || m > 12) return '月份应在 1-12 之间'
  if (calendar === 'lunar') {
    if (d < 1 || d > 30) return '农历日期应在 初一 到 三十 之间'
  } else if (!isRealDate(y, m, d)) {
    return '日期不存在'
  }
  return null
}

export function normalizeDate(date: string): string {
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(date.trim())
  if (!match) return date.trim()
  const pad = (s: string) => (s.length === 1 ? `0${s}` : s)
  return `${match[1]}-${pad(match[2])}-${pad(match[3])}`
}

export interface ContactDraft {
  channel: ContactChannel | ''
  outcome: string
  note: string
}

export function validateContact(draft: ContactDraft): Partial<Record<keyof ContactDraft, string>> {
  const errors: Partial<Record<keyof ContactDraft, string>> = {}
  if (!draft.channel) errors.channel = '请选择联系方式'
  if (!draft.outcome.trim()) errors.outcome = '请填写联系结果'
  else if (draft.outcome.trim().length > 100) errors.outcome = '联系结果不超过 100 字'
  if (draft.note.length > 500) errors.note = '备注不超过 500 字'
  return errors
}

export interface StaffDraft {
  username: string
  name: string
  role: StaffRole | ''
  password: string
}

export function validateStaffDraft(draft: StaffDraft): Partial<Record<keyof StaffDraft, string>> {
  const errors: Partial<Record<keyof StaffDraft, string>> = {}
  if (!/^[a-z0-9_.-]{3,32}$/.test(draft.username.trim().toLowerCase())) errors.username = '用户名为 3-32 位字母、数字、下划线、点或横线'
  if (!draft.name.trim()) errors.name = '请输入姓名'
  if (!draft.role) errors.role = '请选择角色'
  if (draft.password.length < 8) errors.password = '初始密码至少 8 位'
  return errors
}

/** zod issues from a 400 response (`details: [{path, message}]`) as `field → message`. */
export function fieldErrorsFrom(error: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (!(error instanceof ApiError) || !error.details) return out
  const issues = Array.isArray(error.details)
    ? error.details
    : typeof error.details === 'object' && error.details !== null && 'issues' in error.details
      ? (error.details as { issues: unknown }).issues
      : null
  if (!Array.isArray(issues)) return out
  for (const issue of issues) {
    if (!issue || typeof issue !== 'object') continue
    const { path, message } = issue as { path?: unknown; message?: unknown }
    const key = Array.isArray(path) ? path.join('.') : typeof path === 'string' ? path : ''
    if (key && typeof message === 'string' && !out[key]) out[key] = message
  }
  return out
}
