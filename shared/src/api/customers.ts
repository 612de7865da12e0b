import { z } from 'zod';
import { isValidPlate, isValidVinFormat, normalizeMobile, normalizePlate, normalizeVin } from '../domain';
import { CONTACT_CHANNELS, CUSTOMER_SOURCES } from '../labels/customers';
import { SERVICE_PAYERS } from '../domain/categories';
import {
  GENDERS,
  birthdayView,
  OCCUPATION_CLASSES,
  REGION_CLASSES,
  VEHICLE_USAGES,
  objectId,
  pageOf,
  pagination,
  realDate,
  serviceType
} from './common';
import { segmentFilterQueryShape } from './segments';

/** Customer archive, staff-side vehicles, contact log, reassignment (access log and notices: their own files). */

const text = (max: number) => z.string().trim().max(max);
const requiredText = (max: number) => z.string().trim().min(1, '不能为空').max(max);

/** Accepts what people type ('+86 138-1234-5678') and yields the 11-digit number. */
export const mobileInput = z
  .string()
  .trim()
  .max(30)
  .transform((raw, ctx) => {
    const mobile = normalizeMobile(raw);
    if (mobile === null) {
      ctx.addIssue({ code: 'custom', message: '请输入有效的11位手机号' });
      return z.NEVER;
    }
    return mobile;
  });

export const plateInput = z
  .string()
  .trim()
  .max(20)
  .transform((raw, ctx) => {
    const plate = normalizePlate(raw);
    if (plate === null || !isValidPlate(plate)) {
      ctx.addIssue({ code: 'custom', message: '车牌格式不正确，例如 粤B12345' });
      return z.NEVER;
    }
    return plate;
  });

/** Format only: a wrong check digit is a warning the server returns, not a rejection. */
export const vinInput = z
  .string()
  .trim()
  .max(30)
  .transform((raw, ctx) => {
    const vin = normalizeVin(raw);
    if (vin === null || !isValidVinFormat(vin)) {
      ctx.addIssue({ code: 'custom', message: 'VIN 应为17位字母或数字（不含 I、O、Q）' });
      return z.NEVER;
    }
    return vin;
  });

const tagsInput = z
  .array(requiredText(20))
  .max(20, '标签最多20个')
  .transform((tags) => [...new Set(tags)]);

export const birthdayInput = z.discriminatedUnion('calendar', [
  z.strictObject({ calendar: z.literal('solar'), date: realDate }),
  z.strictObject({
    calendar: z.literal('lunar'),
    /** The solar date of birth, when known (gives the age group). */
    date: realDate.nullable().optional(),
    lunarMonth: z.number().int().min(1).max(12),
    lunarDay: z.number().int().min(1).max(30),
    lunarLeapMonth: z.boolean().optional()
  })
]);
export type BirthdayInput = z.infer<typeof birthdayInput>;

const detailFields = {
  name: requiredText(30),
  gender: z.enum(GENDERS).nullable().optional(),
  birthday: birthdayInput.nullable().optional(),
  regionClass: z.enum(REGION_CLASSES).nullable().optional(),
  occupationClass: z.enum(OCCUPATION_CLASSES).nullable().optional(),
  address: text(200).optional(),
  tags: tagsInput.optional(),
  notes: text(2000).optional(),
  preferences: text(1000).optional(),
  familyNotes: text(1000).optional(),
  consent: z.strictObject({ marketing: z.boolean() }).optional()
};

export const createCustomerRequest = z.strictObject({
  ...detailFields,
  mobile: mobileInput,
  /** Managers only; an advisor's new customer is their own. */
  advisorId: objectId.nullable().optional(),
  /** Group admins name the dealership; everyone else creates in their own. */
  dealershipId: objectId.optional()
});
export type CreateCustomerRequest = z.infer<typeof createCustomerRequest>;

export const updateCustomerRequest = z.strictObject({
  ...detailFields,
  name: requiredText(30).optional(),
  mobile: mobileInput.optional(),
  /** Managers only. */
  advisorId: objectId.nullable().optional(),
  secondContactId: objectId.nullable().optional()
});
export type UpdateCustomerRequest = z.infer<typeof updateCustomerRequest>;

export const customerListQuery = z.strictObject({
  /** Name (substring), mobile (full or ≥4 leading digits), plate, VIN (full or last 6). */
  q: text(60).optional(),
  /** An advisor's id, or 'none' for unassigned customers. */
  advisorId: z.union([objectId, z.literal('none')]).optional(),
  tag: text(20).optional(),
  /** Group admins only: narrow to one dealership. */
  dealershipId: objectId.optional(),
  /** Classes, bound, consent: `tier=A,B&lifecycle=at_risk&bound=true` (api/segments.ts). */
  ...segmentFilterQueryShape,
  ...pagination
});
export type CustomerListQuery = z.infer<typeof customerListQuery>;
export const customerExportQuery = customerListQuery.omit({ page: true, pageSize: true });
export type CustomerFilterQuery = z.infer<typeof customerExportQuery>;

/** A record named for display: a staff member, a customer. */
export const namedRef = z.object({ id: objectId, name: z.string() });
export const staffRef = namedRef;

export const customerListItem = z.object({
  id: objectId,
  name: z.string(),
  mobileMasked: z.string().nullable(),
  advisor: staffRef.nullable(),
  tags: z.array(z.string()),
  vehicleCount: z.number().int(),
  lastServiceDate: z.string().nullable(),
  bound: z.boolean(),
  isProspect: z.boolean()
});
export type CustomerListItem = z.infer<typeof customerListItem>;
export const customerListResponse = pageOf(customerListItem);

export const customerDetail = z.object({
  id: objectId,
  dealershipId: objectId,
  name: z.string(),
  mobile: z.string().nullable(),
  gender: z.enum(GENDERS).nullable(),
  birthday: birthdayView.nullable(),
  ageGroup: z.string().nullable(),
  regionClass: z.enum(REGION_CLASSES).nullable(),
  occupationClass: z.enum(OCCUPATION_CLASSES).nullable(),
  address: z.string(),
  source: z.enum(CUSTOMER_SOURCES),
  tags: z.array(z.string()),
  notes: z.string(),
  preferences: z.string(),
  familyNotes: z.string(),
  advisor: staffRef.nullable(),
  secondContact: staffRef.nullable(),
  consent: z.object({ marketing: z.boolean(), updatedAt: z.string().nullable() }),
  isProspect: z.boolean(),
  bound: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string()
});
export type CustomerDetail = z.infer<typeof customerDetail>;

const coverage = z.object({
  status: z.enum(['active', 'expired', 'unknown', 'not_applicable']),
  endsOn: z.string().nullable(),
  reason: z.string()
});

export const vehicleView = z.object({
  id: objectId,
  customerId: objectId,
  plate: z.string().nullable(),
  vin: z.string().nullable(),
  brand: z.string(),
  series: z.string(),
  model: z.string(),
  deliveryDate: z.string().nullable(),
  usage: z.enum(VEHICLE_USAGES).nullable(),
  mileageKm: z.number().nullable(),
  mileageDate: z.string().nullable(),
  insuranceRenewalDate: z.string().nullable(),
  inspectionDate: z.string().nullable(),
  warranty: coverage,
  sanbao: coverage,
  vinCheckDigitWarning: z.boolean()
});
export type VehicleView = z.infer<typeof vehicleView>;

const vehicleFields = {
  plate: plateInput.nullable().optional(),
  vin: vinInput.nullable().optional(),
  brand: text(40).optional(),
  series: text(40).optional(),
  model: text(60).optional(),
  deliveryDate: realDate.nullable().optional(),
  usage: z.enum(VEHICLE_USAGES).nullable().optional(),
  mileageKm: z.number().int().min(0).max(2_000_000).nullable().optional(),
  mileageDate: realDate.nullable().optional(),
  insuranceRenewalDate: realDate.nullable().optional(),
  inspectionDate: realDate.nullable().optional()
};
export const createVehicleRequest = z.strictObject(vehicleFields);
export const updateVehicleRequest = z.strictObject(vehicleFields);
export type VehicleInput = z.infer<typeof updateVehicleRequest>;

export const vehicleWarning = z.object({ code: z.string(), field: z.string(), message: z.string() });
export const vehicleWriteResponse = z.object({ vehicle: vehicleView, warnings: z.array(vehicleWarning) });

export const serviceRecordView = z.object({
  id: objectId,
  vehicleId: objectId,
  roNumber: z.string(),
  serviceDate: z.string(),
  type: serviceType,
  amountFen: z.number().int(),
  paid: z.boolean(),
  /** Who paid, when the DMS said so (customer / insurance / warranty / internal); null otherwise. */
  payer: z.enum(SERVICE_PAYERS).nullable(),
  mileageKm: z.number().nullable(),
  advisorName: z.string().nullable(),
  items: z.array(z.string())
});

export const createContactRequest = z.strictObject({
  channel: z.enum(CONTACT_CHANNELS),
  purpose: requiredText(30).optional(),
  outcome: requiredText(200),
  note: text(1000).optional()
});
export const contactView = z.object({
  id: objectId,
  channel: z.enum(CONTACT_CHANNELS),
  purpose: z.string(),
  outcome: z.string(),
  note: z.string(),
  staff: staffRef,
  at: z.string()
});

export const customerArchive = z.object({
  customer: customerDetail,
  vehicles: z.array(vehicleView),
  serviceRecords: z.array(serviceRecordView),
  contacts: z.array(contactView)
});
export type CustomerArchive = z.infer<typeof customerArchive>;

export const reassignRequest = z
  .strictObject({
    fromAdvisorId: objectId,
    toAdvisorId: objectId,
    /** Only these of the from-advisor's customers; all of them when absent. */
    customerIds: z.array(objectId).min(1).max(5000).optional(),
    /** Idempotency key chosen by the client per submission: a retry repeats nothing. */
    batchId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{8,64}$/, '批次号为8-64位字母、数字、下划线或横线')
      .optional()
  })
  .refine((r) => r.fromAdvisorId !== r.toAdvisorId, {
    message: '原顾问与新顾问不能相同',
    path: ['toAdvisorId']
  });
export const reassignResponse = z.object({
  batchId: z.string(),
  moved: z.number().int(),
  notified: z.number().int()
});

/** Contact channels, customer sources and the display labels (lists, the archive page, CSV export). */
export * from '../labels/customers';
