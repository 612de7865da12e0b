import { z } from 'zod';
import { tier } from './classes';
import { isoDate, objectId, pageOf, pagination } from './common';
import { complaintFigures, satisfactionFigures } from './kpis';
import {
  CALLBACK_KINDS,
  CALLBACK_OUTCOMES,
  CALLBACK_STATUSES,
  COMPLAINT_ACTIONS,
  COMPLAINT_CATEGORIES,
  COMPLAINT_SOURCES,
  COMPLAINT_STAFF_ACTIONS,
  COMPLAINT_STATUSES
} from '../labels/aftercare';

export * from '../labels/aftercare';

/**
 * Aftercare (docs/aftercare.md): 7DC / 3DC callbacks, satisfaction surveys and complaints.
 * Visits are keyed `ro:<repair order id>` (a service visit; a served booking points at its
 * repair order) or `delivery:<vehicle id>` (a new car handed over).
 */
export const visitKey = z.string().regex(/^(ro|delivery):[0-9a-f]{24}$/, '无效的到店记录');
const text = (max: number) => z.string().trim().min(1, '不能为空').max(max, `不能超过${max}个字`);

// ---- settings --------------------------------------------------------------------------

const tierDeadline = z.strictObject({
  ackHours: z.number().int().min(1).max(720),
  resolveHours: z.number().int().min(1).max(2160)
});
export const aftercareSettings = z.strictObject({
  /** Calls made to an unreachable customer before the callback is closed as unreachable. */
  callbackMaxAttempts: z.number().int().min(1).max(10),
  /** Days between two attempts at an unreachable customer. */
  callbackRetryDays: z.number().int().min(1).max(14),
  /** A survey with any rating at or below this opens a follow-up complaint. */
  lowScoreThreshold: z.number().int().min(1).max(4),
  /** Days after a service visit that its survey invitation goes out. */
  surveyDelayDays: z.number().int().min(0).max(14),
  /** A customer who binds gets the surveys of their visits of this many days before (0: none). */
  surveyCatchUpDays: z.number().int().min(0).max(30),
  deadlines: z.strictObject({ A: tierDeadline, B: tierDeadline, C: tierDeadline, D: tierDeadline })
});
export type AftercareSettings = z.infer<typeof aftercareSettings>;
export const aftercareSettingsPatch = aftercareSettings.partial();
export const aftercareSettingsQuery = z.strictObject({ dealershipId: objectId.optional() });

// ---- callbacks ---------------------------------------------------------------------------

export const callbackListQuery = z.strictObject({
  status: z.enum(['open', 'closed']).default('open'),
  kind: z.enum(CALLBACK_KINDS).optional(),
  dealershipId: objectId.optional(),
  ...pagination
});
export const visitView = z.object({
  key: z.string(),
  date: z.string(),
  serviceType: z.string().nullable(),
  roNumber: z.string().nullable(),
  amountFen: z.number().int().nullable(),
  advisorName: z.string().nullable(),
  items: z.array(z.string()),
  plate: z.string().nullable(),
  vehicleTitle: z.string()
});
export const callbackView = z.object({
  id: z.string(),
  kind: z.enum(CALLBACK_KINDS),
  status: z.enum(CALLBACK_STATUSES),
  dueDate: isoDate,
  nextAttemptDate: isoDate.nullable(),
  overdue: z.boolean(),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  lastOutcome: z.enum(CALLBACK_OUTCOMES).nullable(),
  lastNote: z.string(),
  customer: z.object({
    id: objectId,
    name: z.string(),
    mobile: z.string().nullable(),
    tier: tier.nullable(),
    bound: z.boolean()
  }),
  advisorId: objectId.nullable(),
  visit: visitView,
  complaintId: objectId.nullable(),
  createdAt: z.string()
});
export type CallbackView = z.infer<typeof callbackView>;
export const callbackListResponse = pageOf(callbackView);
export const callbackParams = z.strictObject({
  id: z.string().regex(/^(7dc|3dc):(ro|delivery):[0-9a-f]{24}$/, '无效的回访编号')
});
export const callbackAttemptRequest = z.strictObject({
  outcome: z.enum(CALLBACK_OUTCOMES),
  note: z.string().trim().max(500, '不能超过500个字').optional(),
  /** With outcome `issue`: opens a complaint from the call in the same step. */
  complaint: z.strictObject({ category: z.enum(COMPLAINT_CATEGORIES), text: text(1000) }).optional()
});

// ---- surveys -----------------------------------------------------------------------------

const rating = z.number().int('评分须为1到5的整数').min(1, '评分须为1到5').max(5, '评分须为1到5');
export const surveyRatings = z.strictObject({
  reception: rating,
  quality: rating,
  timeliness: rating,
  price: rating
});
export const surveyAnswerRequest = surveyRatings.extend({
  comment: z.string().trim().max(500, '评价不能超过500个字').optional()
});
export const surveyView = z.object({
  id: objectId,
  status: z.enum(['pending', 'answered']),
  dealershipName: z.string(),
  visit: visitView,
  answer: z
    .object({
      reception: z.number().int(),
      quality: z.number().int(),
      timeliness: z.number().int(),
      price: z.number().int(),
      comment: z.string(),
      answeredAt: z.string()
    })
    .nullable(),
  createdAt: z.string()
});
export type SurveyView = z.infer<typeof surveyView>;
export const ownerSurveyListResponse = z.object({ items: z.array(surveyView) });

// ---- complaints --------------------------------------------------------------------------

export const ownerComplaintRequest = z.strictObject({
  /** The dealership complained about (needed when the owner is bound to several). */
  dealershipId: objectId.optional(),
  /** About a visit (a survey's or a repair order's visit), or in general when absent. */
  visitKey: visitKey.optional(),
  category: z.enum(COMPLAINT_CATEGORIES),
  text: text(1000)
});
export const complaintEventView = z.object({
  version: z.number().int(),
  action: z.enum(COMPLAINT_ACTIONS),
  by: z.string(),
  fromStatus: z.enum(COMPLAINT_STATUSES).nullable(),
  toStatus: z.enum(COMPLAINT_STATUSES),
  note: z.string(),
  at: z.string()
});
export const complaintPhotoView = z.object({ id: z.string(), mime: z.string(), bytes: z.number().int() });
export const ownerComplaintView = z.object({
  id: objectId,
  status: z.enum(COMPLAINT_STATUSES),
  category: z.enum(COMPLAINT_CATEGORIES),
  text: z.string(),
  visitKey: z.string().nullable(),
  reply: z.string(),
  photos: z.array(complaintPhotoView),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  /** Status changes and replies (internal notes are not shown to the owner). */
  history: z.array(complaintEventView)
});
export const ownerComplaintListResponse = z.object({ items: z.array(ownerComplaintView) });
export const ownerReopenRequest = z.strictObject({ reason: text(500) });

export const complaintView = ownerComplaintView.extend({
  source: z.enum(COMPLAINT_SOURCES),
  tier: tier.nullable(),
  customer: z.object({ id: objectId, name: z.string(), mobile: z.string().nullable() }),
  advisorId: objectId.nullable(),
  assigneeId: objectId.nullable(),
  ackDueAt: z.string(),
  resolveDueAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  ackOverdue: z.boolean(),
  resolveOverdue: z.boolean(),
  escalated: z.boolean()
});
export type ComplaintView = z.infer<typeof complaintView>;
export const complaintListQuery = z.strictObject({
  status: z.enum(COMPLAINT_STATUSES).optional(),
  dealershipId: objectId.optional(),
  customerId: objectId.optional(),
  ...pagination
});
export const complaintListResponse = pageOf(complaintView);
export const complaintActionRequest = z.strictObject({
  action: z.enum(COMPLAINT_STAFF_ACTIONS),
  /** Internal note (never shown to the owner). */
  note: z.string().trim().max(1000, '不能超过1000个字').optional(),
  /** The owner-visible reply; required to resolve. */
  reply: z.string().trim().max(1000, '不能超过1000个字').optional(),
  assigneeId: objectId.optional()
});
export const complaintPhotoParams = z.strictObject({
  id: objectId,
  photoId: z.string().regex(/^[0-9a-f]{24}-[1-3]$/, '无效的照片编号')
});

/** The aftercare part of a customer's archive (the customer page): surveys and complaints. */
export const customerAftercareResponse = z.object({
  surveys: z.array(surveyView),
  complaints: z.array(complaintView)
});

// ---- KPIs: satisfaction and complaint handling over months ------------------------------

export const aftercareKpiQuery = z.strictObject({
  dealershipId: objectId.optional(),
  /** The last N calendar months, the current one measured as of today. */
  months: z.coerce.number().int().min(1).max(36).default(6)
});

const aftercareFigures = z.object({ satisfaction: satisfactionFigures, complaints: complaintFigures });

/**
 * Satisfaction by advisor, service type and month, and complaint response and resolution
 * times (docs/metrics.md §8): each month, and the whole range (by advisor and service type).
 */
export const aftercareKpiResponse = z.object({
  dealershipId: objectId,
  from: isoDate,
  to: isoDate,
  asOf: isoDate,
  range: aftercareFigures,
  months: z.array(aftercareFigures.extend({ month: z.string().regex(/^\d{4}-\d{2}$/), asOf: isoDate }))
});
export type AftercareKpiResponse = z.infer<typeof aftercareKpiResponse>;
