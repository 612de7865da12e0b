import { z } from 'zod';
import {
  GENDERS,
  OCCUPATION_CLASSES,
  REGION_CLASSES,
  SERVICE_TYPES,
  SERVICE_TYPE_LABELS,
  VEHICLE_USAGES,
  type ServiceType,
  type VehicleUsage
} from '../domain/categories';
import { isIsoDate } from '../domain/dates';
import { STAFF_ROLES } from '../labels/staff';

export * from '../labels/staff';
export const staffRole = z.enum(STAFF_ROLES);
export type StaffRole = z.infer<typeof staffRole>;

export const objectId = z.string().regex(/^[0-9a-f]{24}$/, '无效的编号');
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
/** A calendar day that exists (YYYY-MM-DD, not 2025-02-30). */
export const realDate = isoDate.refine(isIsoDate, '日期不存在');

/** Query-string pagination (values arrive as strings). */
export const pagination = {
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20)
};

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int()
  });

/** A stored birthday as answered: solar (`date`), or lunar month and day (`date`: the solar date of birth, when known). */
export const birthdayView = z.object({
  calendar: z.enum(['solar', 'lunar']),
  date: z.string().nullable(),
  lunarMonth: z.number().nullable(),
  lunarDay: z.number().nullable(),
  lunarLeapMonth: z.boolean()
});
export type BirthdayView = z.infer<typeof birthdayView>;

export const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() })
});
export type ErrorBody = z.infer<typeof errorBody>;

// The category lists live with their parsers in the domain layer; the API re-exports them.
export const serviceType = z.enum(SERVICE_TYPES);
export const vehicleUsage = z.enum(VEHICLE_USAGES);
export { SERVICE_TYPES, SERVICE_TYPE_LABELS, VEHICLE_USAGES, REGION_CLASSES, OCCUPATION_CLASSES, GENDERS };
export type { ServiceType, VehicleUsage };
