import { api, type UploadFile } from './request'
import type {
  CallbackAttemptRequest,
  CallbackList,
  CallbackView,
  ComplaintActionRequest,
  ComplaintList,
  ComplaintPhoto,
  ComplaintStatus,
  ComplaintView,
  CustomerAftercare,
  OwnerComplaintList,
  OwnerComplaintRequest,
  OwnerComplaintView,
  OwnerSurveyList,
  SurveyAnswerRequest,
  SurveyView
} from './api-types'

const at = (id: string) => encodeURIComponent(id)

// ---- owner ----

export function listMySurveys(): Promise<OwnerSurveyList> {
  return api.get<OwnerSurveyList>('/api/owner/aftercare/surveys')
}

export function getMySurvey(id: string): Promise<SurveyView> {
  return api.get<SurveyView>(`/api/owner/aftercare/surveys/${at(id)}`)
}

/** 409 SURVEY_ALREADY_ANSWERED when it was answered before. */
export function answerSurvey(id: string, answer: SurveyAnswerRequest): Promise<SurveyView> {
  return api.post<SurveyView>(`/api/owner/aftercare/surveys/${at(id)}/answer`, answer)
}

export function listMyComplaints(): Promise<OwnerComplaintList> {
  return api.get<OwnerComplaintList>('/api/owner/aftercare/complaints')
}

/** 404 COMPLAINT_NOT_FOUND for anyone else's complaint. */
export function getMyComplaint(id: string): Promise<OwnerComplaintView> {
  return api.get<OwnerComplaintView>(`/api/owner/aftercare/complaints/${at(id)}`)
}

export function fileComplaint(request: OwnerComplaintRequest): Promise<OwnerComplaintView> {
  return api.post<OwnerComplaintView>('/api/owner/aftercare/complaints', request)
}

/** JPEG, PNG or WebP up to 5 MB, at most 3 per complaint. */
export function addComplaintPhoto(id: string, file: UploadFile): Promise<ComplaintPhoto> {
  return api.upload<ComplaintPhoto>(`/api/owner/aftercare/complaints/${at(id)}/photos`, file, {})
}

/** API paths of an owner's complaint photos (served only with the owner's session). */
export function myComplaintPhotoPaths(complaint: { id: string; photos: readonly { id: string }[] }): string[] {
  return complaint.photos.map((p) => `/api/owner/aftercare/complaints/${at(complaint.id)}/photos/${at(p.id)}`)
}

export function confirmComplaint(id: string): Promise<OwnerComplaintView> {
  return api.post<OwnerComplaintView>(`/api/owner/aftercare/complaints/${at(id)}/confirm`)
}

export function reopenComplaint(id: string, reason: string): Promise<OwnerComplaintView> {
  return api.post<OwnerComplaintView>(`/api/owner/aftercare/complaints/${at(id)}/reopen`, { reason })
}

// ---- staff ----

export function listCallbacks(query: { status: 'open' | 'closed'; dealershipId?: string; page?: number; pageSize?: number }): Promise<CallbackList> {
  return api.get<CallbackList>('/api/aftercare/callbacks', query)
}

export function logCallbackAttempt(id: string, request: CallbackAttemptRequest): Promise<CallbackView> {
  return api.post<CallbackView>(`/api/aftercare/callbacks/${at(id)}/attempts`, request)
}

export function listComplaints(query: { status?: ComplaintStatus; dealershipId?: string; page?: number; pageSize?: number }): Promise<ComplaintList> {
  return api.get<ComplaintList>('/api/aftercare/complaints', query)
}

export function getComplaint(id: string): Promise<ComplaintView> {
  return api.get<ComplaintView>(`/api/aftercare/complaints/${at(id)}`)
}

/** API paths of a complaint's photos for staff (served only to staff who may see the complaint). */
export function complaintPhotoPaths(complaint: { id: string; photos: readonly { id: string }[] }): string[] {
  return complaint.photos.map((p) => `/api/aftercare/complaints/${at(complaint.id)}/photos/${at(p.id)}`)
}

export function actOnComplaint(id: string, request: ComplaintActionRequest): Promise<ComplaintView> {
  return api.post<ComplaintView>(`/api/aftercare/complaints/${at(id)}/actions`, request)
}

/** The customer page's aftercare part: the archive's surveys and complaints (an archive view, logged). */
export function getCustomerAftercare(customerId: string): Promise<CustomerAftercare> {
  return api.get<CustomerAftercare>(`/api/aftercare/customers/${at(customerId)}`)
}
