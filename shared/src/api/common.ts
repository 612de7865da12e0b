import { z } from 'zod';

export const STAFF_ROLES = ['group_admin', 'manager', 'advisor', 'marketing'] as const;
export const staffRole = z.enum(STAFF_ROLES);
export type StaffRole = z.infer<typeof staffRole>;

export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  group_admin: '集团管理员',
  manager: '店总/经理',
  advisor: '服务顾问',
  marketing: '市场专员'
};

export const objectId = z.string().regex(/^[0-9a-f]{24}$/, '无效的编号');
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

/** Query-string pagination (values arrive as strings). */
export const pagination = {
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20)
};

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

export const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() })
});
export type ErrorBody = z.infer<typeof errorBody>;

export const SERVICE_TYPES = [
  'first_maintenance',
  'regular_maintenance',
  'general_repair',
  'accident',
  'warranty',
  'other'
] as const;
export const serviceType = z.enum(SERVICE_TYPES);
export type ServiceType = z.infer<typeof serviceType>;
export const SERVICE_TYPE_LABELS: Record<ServiceType, string> = {
  first_maintenance: '首保',
  regular_maintenance: '定保',
  general_repair: '一般维修',
  accident: '事故车',
  warranty: '保修',
  other: '其他'
};

export const VEHICLE_USAGES = ['private', 'official', 'commercial'] as const;
export const vehicleUsage = z.enum(VEHICLE_USAGES);
export type VehicleUsage = z.infer<typeof vehicleUsage>;

export const REGION_CLASSES = ['city', 'county', 'town'] as const;
export const OCCUPATION_CLASSES = ['civil_servant', 'employee', 'worker', 'farmer', 'other'] as const;
export const GENDERS = ['male', 'female'] as const;
export const CONTACT_CHANNELS = ['phone', 'visit', 'wechat', 'sms'] as const;
export const CUSTOMER_SOURCES = ['dms_import', 'manual', 'wechat_binding'] as const;
