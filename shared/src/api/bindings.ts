import { z } from 'zod';
import { birthdayView, isoDate, objectId } from './common';
import { dealershipSummary } from './dealerships';

/**
 * QR scene: `d=<dealerCode>` or `d=<dealerCode>&a=<advisorCode>` — at most 32 visible
 * characters (WeChat's limit for getwxacodeunlimit).
 */
export const SCENE_MAX_LENGTH = 32;

export function formatScene(dealerCode: string, advisorCode?: string | null): string {
  return advisorCode ? `d=${dealerCode}&a=${advisorCode}` : `d=${dealerCode}`;
}

export function parseScene(scene: string): { dealerCode: string; advisorCode: string | null } | null {
  if (scene.length > SCENE_MAX_LENGTH) return null;
  const params = new URLSearchParams(scene);
  const dealerCode = params.get('d');
  const advisorCode = params.get('a');
  if (!dealerCode || !/^[A-Z0-9]{2,12}$/.test(dealerCode)) return null;
  if (advisorCode !== null && !/^[A-Z0-9]{4,12}$/.test(advisorCode)) return null;
  return { dealerCode, advisorCode };
}

export const sceneString = z.string().trim().min(3).max(SCENE_MAX_LENGTH);

export const bindRequest = z.strictObject({
  scene: sceneString,
  phoneCode: z.string().trim().min(1).max(128),
  /** The referral token of a share the owner opened (see points: referral), if any. */
  referral: z
    .string()
    .regex(/^[0-9A-HJKMNP-TV-Z]{12}$/, '推荐码格式不正确')
    .optional()
});

export const ownerBinding = z.object({
  dealership: dealershipSummary,
  customerId: objectId,
  boundAt: z.string(),
  source: z.enum(['qr_dealership', 'qr_advisor']),
  advisor: z.object({ id: objectId, name: z.string() }).nullable()
});
export type OwnerBinding = z.infer<typeof ownerBinding>;

export const bindResponse = z.object({ binding: ownerBinding, matched: z.boolean(), created: z.boolean() });

const coverage = z.object({
  status: z.enum(['active', 'expired', 'unknown', 'not_applicable']),
  endsOn: z.string().nullable(),
  reason: z.string().optional()
});

export const ownerVehicle = z.object({
  id: objectId,
  dealership: z.object({ id: objectId, name: z.string() }),
  plate: z.string().nullable(),
  vinLast6: z.string().nullable(),
  brand: z.string(),
  series: z.string(),
  model: z.string(),
  deliveryDate: z.string().nullable(),
  mileageKm: z.number().nullable(),
  warranty: coverage,
  sanbao: coverage
});
export type OwnerVehicle = z.infer<typeof ownerVehicle>;

export const ownerServiceRecord = z.object({
  id: objectId,
  roNumber: z.string(),
  serviceDate: z.string(),
  type: z.string(),
  typeLabel: z.string(),
  amountFen: z.number().int(),
  mileageKm: z.number().nullable()
});

export const ownerVehicleDetail = ownerVehicle.extend({ serviceRecords: z.array(ownerServiceRecord) });

export const claimVehicleRequest = z.strictObject({
  dealershipId: objectId,
  plate: z.string().trim().min(5).max(12),
  vinLast6: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z]{6}$/, '请输入车架号（VIN）后6位')
});

export const ownerBirthday = z.discriminatedUnion('calendar', [
  z.strictObject({ calendar: z.literal('solar'), date: isoDate }),
  z.strictObject({
    calendar: z.literal('lunar'),
    lunarMonth: z.number().int().min(1).max(12),
    lunarDay: z.number().int().min(1).max(30),
    lunarLeapMonth: z.boolean().default(false),
    date: isoDate.optional()
  })
]);

export const ownerProfile = z.object({
  mobileMasked: z.string().nullable(),
  name: z.string().nullable(),
  gender: z.enum(['male', 'female']).nullable(),
  birthday: birthdayView.nullable()
});

export const updateOwnerProfileRequest = z.strictObject({
  name: z.string().trim().min(1).max(30).optional(),
  gender: z.enum(['male', 'female']).optional(),
  birthday: ownerBirthday.optional()
});

export const ownerBindingList = z.object({ items: z.array(ownerBinding) });
export const ownerVehicleList = z.object({ items: z.array(ownerVehicle) });
