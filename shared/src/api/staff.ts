import { z } from 'zod';
import { objectId, staffRole } from './common';
import { mobileInput } from './customers';

export const staffLoginRequest = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200)
});

export const staffProfile = z.object({
  id: objectId,
  username: z.string(),
  name: z.string(),
  role: staffRole,
  dealershipId: objectId.nullable(),
  disabled: z.boolean(),
  advisorCode: z.string(),
  /** The member's mobile: lottery campaigns never let it win (no internal winners). */
  mobile: z.string().nullable().optional()
});
export type StaffProfile = z.infer<typeof staffProfile>;

export const staffLoginResponse = z.object({ token: z.string(), staff: staffProfile });

export const username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_.-]{3,32}$/, '用户名为3-32位字母、数字、下划线、点或横线');

export const createStaffRequest = z.strictObject({
  username,
  name: z.string().trim().min(1).max(30),
  role: staffRole,
  password: z.string().min(1).max(200),
  /** Required for a group admin creating staff; a manager always creates in their own dealership. */
  dealershipId: objectId.optional(),
  mobile: mobileInput.optional()
});

export const updateStaffRequest = z.strictObject({
  name: z.string().trim().min(1).max(30).optional(),
  role: staffRole.optional(),
  disabled: z.boolean().optional(),
  password: z.string().min(1).max(200).optional(),
  mobile: mobileInput.nullable().optional()
});

export const staffListResponse = z.object({ items: z.array(staffProfile) });
export const revokeSessionsResponse = z.object({ revoked: z.number().int() });
