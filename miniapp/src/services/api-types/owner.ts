import type {
  bindResponse,
  birthdayView,
  claimReview,
  claimVehicleRequest,
  claimVehicleResponse,
  dealershipListResponse,
  dealershipSummary,
  namedRef,
  ownerBinding,
  ownerBindingList,
  ownerBirthday,
  ownerClaimRequest,
  ownerProfile,
  ownerServiceRecord,
  ownerVehicle,
  ownerVehicleDetail,
  ownerVehicleList,
  sceneResolution,
  updateOwnerProfileRequest
} from '@dealer/shared'
import type { SchemaInput, SchemaOutput } from './schema'

// ---- dealerships, bindings, owner vehicles and profile ----
export type IdName = SchemaOutput<typeof namedRef>
export type DealershipRef = SchemaOutput<typeof dealershipSummary>
export type DealershipList = SchemaOutput<typeof dealershipListResponse>
export type SceneInfo = SchemaOutput<typeof sceneResolution>
export type Binding = SchemaOutput<typeof ownerBinding>
export type BindingList = SchemaOutput<typeof ownerBindingList>
export type BindResult = SchemaOutput<typeof bindResponse>
export type OwnerVehicle = SchemaOutput<typeof ownerVehicle>
export type OwnerVehicleList = SchemaOutput<typeof ownerVehicleList>
export type OwnerVehicleDetail = SchemaOutput<typeof ownerVehicleDetail>
export type Coverage = OwnerVehicle['warranty']
export type CoverageStatus = Coverage['status']
export type ServiceRecord = SchemaOutput<typeof ownerServiceRecord>
export type ClaimRequest = SchemaInput<typeof claimVehicleRequest>
export type OwnerProfile = SchemaOutput<typeof ownerProfile>
export type OwnerProfilePatch = SchemaInput<typeof updateOwnerProfileRequest>
export type Birthday = SchemaInput<typeof ownerBirthday>
export type BirthdayView = SchemaOutput<typeof birthdayView>
export type CalendarKind = Birthday['calendar']
export type Gender = NonNullable<OwnerProfile['gender']>

// ---- vehicle claims that wait for the archive's owner or advisor ----
export type OwnerClaimRequest = SchemaOutput<typeof ownerClaimRequest>
export type ClaimReview = SchemaOutput<typeof claimReview>
export type ClaimDecision = 'approve' | 'decline'
/** What a correct plate + VIN-6 gives: the vehicle at once (the archive has my mobile), or a request to confirm. */
export type ClaimVehicleResult = SchemaOutput<typeof claimVehicleResponse>
