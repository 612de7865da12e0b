import { formatFen } from '@dealer/shared/domain/amounts'
import type { Coverage, CoverageStatus, ImportStatus } from '../services/api-types'

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

/** Date part in Asia/Shanghai of an ISO time; a plain `YYYY-MM-DD` passes through. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—'
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value
  const time = Date.parse(value)
  if (Number.isNaN(time)) return value
  const d = new Date(time + SHANGHAI_OFFSET_MS)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}

/** `2025-03-01 14:05` in Asia/Shanghai (no Intl: not every mini-program runtime has time zones). */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—'
  const time = Date.parse(value)
  if (Number.isNaN(time)) return value
  const d = new Date(time + SHANGHAI_OFFSET_MS)
  return `${formatDate(value)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}

/** Integer fen → `¥1,234.50`. */
export function formatMoney(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—'
  return `¥${formatFen(fen)}`
}

export function formatMileage(km: number | null | undefined): string {
  if (km === null || km === undefined) return '—'
  return `${km.toLocaleString('en-US')} 公里`
}

export type Tone = 'success' | 'danger' | 'muted' | 'warning'

const COVERAGE_NAMES = { warranty: '保修', sanbao: '三包' } as const

export interface CoverageBadgeText {
  text: string
  tone: Tone
}

/** Text and colour of a warranty / 三包 badge. */
export function coverageBadge(kind: 'warranty' | 'sanbao', coverage: Coverage | null | undefined): CoverageBadgeText {
  const name = COVERAGE_NAMES[kind]
  const status: CoverageStatus = coverage?.status ?? 'unknown'
  const until = coverage?.endsOn ? `（至 ${formatDate(coverage.endsOn)}）` : ''
  switch (status) {
    case 'active':
      return { text: `${name}期内${until}`, tone: 'success' }
    case 'expired':
      return { text: `已过${name}期`, tone: 'danger' }
    case 'not_applicable':
      return { text: `不适用${name}`, tone: 'muted' }
    default:
      return { text: `${name}状态待确认`, tone: 'warning' }
  }
}

// The label tables shared with the server (zod-free modules of @dealer/shared).
export {
  CONTACT_CHANNEL_LABELS as CHANNEL_LABELS,
  GENDER_LABELS,
  OCCUPATION_CLASS_LABELS as OCCUPATION_LABELS,
  REGION_CLASS_LABELS as REGION_LABELS
} from '@dealer/shared/labels/customers'
export { STAFF_ROLE_LABELS as ROLE_LABELS } from '@dealer/shared/labels/staff'

export const IMPORT_STATUS_LABELS: Record<ImportStatus, string> = {
  queued: '排队中',
  running: '处理中',
  done: '已完成',
  failed: '失败'
}

export function labelOf<K extends string>(labels: Record<K, string>, key: string | null | undefined, fallback = '—'): string {
  if (!key) return fallback
  return (labels as Record<string, string>)[key] ?? key
}

/** Progress in percent, 0-100; null total (still counting rows) gives null. */
export function progressPercent(processed: number, total: number | null): number | null {
  if (total === null || total <= 0) return null
  return Math.max(0, Math.min(100, Math.floor((processed / total) * 100)))
}

export const SOURCE_LABELS: Record<string, string> = {
  dms_import: 'DMS 导入',
  manual: '手工录入',
  wechat_binding: '微信绑定',
  lottery_event: '抽奖活动',
  qr: '扫码绑定',
  scan: '扫码绑定'
}
export const ACCESS_ACTION_LABELS: Record<string, string> = { view: '查看档案', export: '导出' }

export function vehicleTitle(vehicle: { brand?: string | null; series?: string | null; model?: string | null }): string {
  return [vehicle.brand, vehicle.series, vehicle.model].filter(Boolean).join(' ') || '车型未登记'
}
