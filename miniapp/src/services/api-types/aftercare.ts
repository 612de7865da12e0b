import type {
  callbackAttemptRequest,
  callbackListResponse,
  callbackView,
  complaintActionRequest,
  complaintEventView,
  complaintListResponse,
  complaintPhotoView,
  complaintView,
  customerAftercareResponse,
  ownerComplaintListResponse,
  ownerComplaintRequest,
  ownerComplaintView,
  ownerSurveyListResponse,
  surveyAnswerRequest,
  surveyView
} from '@dealer/shared'
import type { SchemaInput, SchemaOutput } from './schema'

// ---- aftercare (callbacks, surveys, complaints) ----
export type CallbackView = SchemaOutput<typeof callbackView>
export type CallbackList = SchemaOutput<typeof callbackListResponse>
export type CallbackAttemptRequest = SchemaInput<typeof callbackAttemptRequest>
export type SurveyView = SchemaOutput<typeof surveyView>
export type OwnerSurveyList = SchemaOutput<typeof ownerSurveyListResponse>
export type SurveyAnswerRequest = SchemaInput<typeof surveyAnswerRequest>
export type OwnerComplaintView = SchemaOutput<typeof ownerComplaintView>
export type OwnerComplaintList = SchemaOutput<typeof ownerComplaintListResponse>
export type OwnerComplaintRequest = SchemaInput<typeof ownerComplaintRequest>
export type ComplaintPhoto = SchemaOutput<typeof complaintPhotoView>
export type ComplaintEvent = SchemaOutput<typeof complaintEventView>
export type ComplaintView = SchemaOutput<typeof complaintView>
export type ComplaintList = SchemaOutput<typeof complaintListResponse>
export type ComplaintActionRequest = SchemaInput<typeof complaintActionRequest>
export type ComplaintStatus = ComplaintView['status']
export type CustomerAftercare = SchemaOutput<typeof customerAftercareResponse>
