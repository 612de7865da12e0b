/**
 * Request and response shapes of the API (see the contract in miniapp/README.md).
 * When @dealer/shared exports the zod schemas for these, switch to `z.infer` types there.
 */

export type StaffRole = 'group_admin' | 'manager' | 'advisor' | 'marketing'

export interface StaffUser {
  id: string
  name: string
  role: StaffRole
  dealershipId: string | null
  username?: string
}

export interface IdName {
  id: string
  name: string
}

export interface DealershipRef {
  id: string
  code: string
  name: string
}

export interface Page<T> {
  items: T[]
  total: number
  page: number
  pageSize: number
}

export interface ItemList<T> {
  items: T[]
}

// ---- auth ----

export interface OwnerLoginResponse {
  token: string
  owner: { id: string }
}

export interface StaffLoginResponse {
  token: string
  staff: StaffUser
}

export type Me = { kind: 'owner'; owner: { id: string; phoneBound: boolean } } | { kind: 'staff'; staff: StaffUser }

// ---- owner ----

export interface SceneInfo {
  dealership: DealershipRef
  advisor: IdName | null
}

export interface Binding {
  dealership: DealershipRef
  customerId: string
  boundAt: string
  source: string
}

export interface BindResult {
  binding: Binding
  matched: boolean
}

/** `not_applicable`: 三包 covers household (private) cars only. */
export type CoverageStatus = 'active' | 'expired' | 'unknown' | 'not_applicable'

export interface Coverage {
  status: CoverageStatus
  endsOn: string | null
}

export interface OwnerVehicle {
  id: string
  dealership: IdName
  plate: string
  vinLast6: string
  brand: string | null
  series: string | null
  model: string | null
  deliveryDate: string | null
  mileageKm: number | null
  warranty: Coverage
  sanbao: Coverage
}

export interface ServiceRecord {
  id: string
  roNumber: string
  serviceDate: string
  type: string
  typeLabel: string
  amountFen: number | null
  mileageKm: number | null
}

export interface OwnerVehicleDetail extends OwnerVehicle {
  serviceRecords: ServiceRecord[]
}

export interface ClaimRequest {
  dealershipId: string
  plate: string
  vinLast6: string
}

export type Gender = 'male' | 'female'
export type CalendarKind = 'solar' | 'lunar'

/** A birthday as the archive keeps it (the API answers with this shape). */
export interface Birthday {
  calendar: CalendarKind
  /** The solar date of birth, YYYY-MM-DD (for a lunar birthday only when known). */
  date: string | null
  lunarMonth: number | null
  lunarDay: number | null
  lunarLeapMonth: boolean
}

/** A birthday as an owner sets it: a solar date, or a lunar month and day. */
export type BirthdayInput =
  | { calendar: 'solar'; date: string }
  | { calendar: 'lunar'; lunarMonth: number; lunarDay: number; lunarLeapMonth: boolean }

export interface OwnerProfile {
  name: string | null
  gender: Gender | null
  birthday: Birthday | null
  mobileMasked?: string | null
}

export interface OwnerProfilePatch {
  name?: string
  gender?: Gender
  birthday?: BirthdayInput
}

export interface Notice {
  id: string
  title: string
  body: string
  createdAt: string
  readAt: string | null
}

// ---- staff: customers ----

export interface CustomerSummary {
  id: string
  name: string
  mobileMasked: string
  advisor: IdName | null
  tags: string[]
  vehicleCount: number
  lastServiceDate: string | null
  bound: boolean
  isProspect: boolean
}

export interface CustomerQuery {
  q?: string
  advisorId?: string
  tag?: string
  page?: number
  pageSize?: number
}

export type ContactChannel = 'phone' | 'visit' | 'wechat' | 'sms'

export interface Contact {
  id: string
  at: string
  channel: ContactChannel
  outcome: string
  note: string | null
  staff: IdName
}

export interface CustomerVehicle {
  id: string
  plate: string | null
  vin?: string | null
  vinLast6?: string | null
  brand?: string | null
  series?: string | null
  model?: string | null
  deliveryDate?: string | null
  mileageKm?: number | null
  warranty?: Coverage
  sanbao?: Coverage
}

export interface CustomerRecord {
  id: string
  name: string
  mobile: string
  gender: Gender | null
  birthday: Birthday | null
  regionClass: string | null
  occupationClass: string | null
  ageGroup: string | null
  source: string | null
  tags: string[]
  notes: string | null
  advisor: IdName | null
  secondContact: IdName | null
  consent: { marketing: boolean }
}

export interface CustomerDetail {
  customer: CustomerRecord
  vehicles: CustomerVehicle[]
  serviceRecords: ServiceRecord[]
  contacts: Contact[]
}

export interface ContactInput {
  channel: ContactChannel
  outcome: string
  note?: string
}

export interface ReassignResult {
  moved: number
  notified: number
}

// ---- staff accounts ----

export interface StaffAccount {
  id: string
  username: string
  name: string
  role: StaffRole
  dealershipId: string | null
  disabled: boolean
  advisorCode: string | null
}

export interface NewStaffAccount {
  username: string
  name: string
  role: StaffRole
  password: string
}

export interface StaffAccountPatch {
  name?: string
  role?: StaffRole
  disabled?: boolean
}

// ---- access log ----

export type AccessAction = 'view' | 'export'

export interface AccessLogEntry {
  id: string
  at: string
  staff: IdName
  action: AccessAction | string
  customer: IdName | null
  detail: string | null
}

export interface AccessLogQuery {
  customerId?: string
  staffId?: string
  action?: AccessAction
  page?: number
}

// ---- imports ----

export type ImportKind = 'customers' | 'repair_orders'
export type ImportStatus = 'queued' | 'running' | 'done' | 'failed'

export interface ImportCounts {
  created: number
  updated: number
  unchanged: number
  failed: number
}

export interface ImportRowError {
  rowNumber: number
  column: string | null
  reason: string
}

/** How the file's columns were read (see the server's dry run). */
export interface ImportColumns {
  recognised: Array<{ column: string; field: string; label: string; by: 'alias' | 'mapping' }>
  ignored: string[]
  targets: Array<{ field: string; label: string }>
}

export interface ImportUnreadable {
  column: string
  reason: string
  count: number
  examples: string[]
}

export interface ImportJob {
  id: string
  kind: ImportKind
  dryRun: boolean
  fileName: string
  mapping?: Record<string, string>
  columns?: ImportColumns | null
  unreadable?: ImportUnreadable[]
  status: ImportStatus
  progress: { processed: number; total: number | null }
  counts: ImportCounts
  preview: Array<{ rowNumber: number; record: Record<string, unknown> }>
  errors: ImportRowError[]
  errorCount: number
  finishedAt: string | null
  createdAt?: string
}
