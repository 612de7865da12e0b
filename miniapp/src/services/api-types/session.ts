import type {
  StaffRole,
  createStaffRequest,
  meResponse,
  ownerLoginResponse,
  revokeSessionsResponse,
  staffListResponse,
  staffLoginResponse,
  staffProfile,
  updateStaffRequest
} from '@dealer/shared'
import type { SchemaInput, SchemaOutput } from './schema'

// ---- auth and session ----
export type { StaffRole }
export type StaffProfile = SchemaOutput<typeof staffProfile>
/** What the device keeps about the signed-in staff member (a subset of their profile). */
export type StaffUser = Pick<StaffProfile, 'id' | 'name' | 'role' | 'dealershipId'>
export type OwnerLoginResponse = SchemaOutput<typeof ownerLoginResponse>
export type StaffLoginResponse = SchemaOutput<typeof staffLoginResponse>
export type Me = SchemaOutput<typeof meResponse>

// ---- staff accounts ----
export type StaffAccount = StaffProfile
export type StaffList = SchemaOutput<typeof staffListResponse>
export type NewStaffAccount = SchemaInput<typeof createStaffRequest>
export type StaffAccountPatch = SchemaInput<typeof updateStaffRequest>
export type RevokeSessionsResult = SchemaOutput<typeof revokeSessionsResponse>
