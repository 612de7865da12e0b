import {
  CALLBACK_KIND_LABELS,
  CALLBACK_OUTCOMES,
  CALLBACK_OUTCOME_LABELS,
  COMPLAINT_CATEGORIES,
  COMPLAINT_CATEGORY_LABELS,
  COMPLAINT_STATUSES,
  COMPLAINT_STATUS_LABELS,
  SURVEY_RATING_LABELS,
  type SurveyRatingKey
} from '@dealer/shared/labels/aftercare'

export { CALLBACK_KIND_LABELS, CALLBACK_OUTCOME_LABELS, COMPLAINT_CATEGORY_LABELS, COMPLAINT_STATUS_LABELS, SURVEY_RATING_LABELS }
export type { SurveyRatingKey }

export const SURVEY_RATING_KEYS = Object.keys(SURVEY_RATING_LABELS) as SurveyRatingKey[]
export const RATING_OPTIONS = ['1', '2', '3', '4', '5'].map((value) => ({ value, label: `${value}分` }))
export const CATEGORY_OPTIONS = COMPLAINT_CATEGORIES.map((value) => ({ value, label: COMPLAINT_CATEGORY_LABELS[value] }))
export const OUTCOME_OPTIONS = CALLBACK_OUTCOMES.map((value) => ({ value, label: CALLBACK_OUTCOME_LABELS[value] }))
export const COMPLAINT_STATUS_OPTIONS = COMPLAINT_STATUSES.map((value) => ({ value, label: COMPLAINT_STATUS_LABELS[value] }))

/** Internal notes are never shown to the owner; these are the event names of the history. */
export const COMPLAINT_ACTION_LABELS: Record<string, string> = {
  opened: '提交投诉',
  acknowledge: '已受理',
  start: '开始处理',
  resolve: '已解决',
  note: '内部备注',
  assign: '指派处理人',
  confirm: '车主确认解决',
  reopen: '车主重新打开',
  escalated: '超时升级'
}

export const MAX_COMPLAINT_PHOTOS = 3
