import { z } from 'zod';
import { objectId, pageOf, pagination, realDate } from './common';
import { namedRef, staffRef } from './customers';

/** The access log: who viewed or exported which customer archive, for managers to review. */

export const ACCESS_ACTIONS = ['view', 'export'] as const;
export const accessLogQuery = z.strictObject({
  customerId: objectId.optional(),
  staffId: objectId.optional(),
  action: z.enum(ACCESS_ACTIONS).optional(),
  /** Calendar days in Asia/Shanghai, inclusive. */
  from: realDate.optional(),
  to: realDate.optional(),
  dealershipId: objectId.optional(),
  ...pagination
});
export const accessLogEntry = z.object({
  id: objectId,
  at: z.string(),
  action: z.enum(ACCESS_ACTIONS),
  staff: staffRef,
  customer: namedRef.nullable(),
  dealershipId: objectId.nullable(),
  detail: z.string()
});
export const accessLogPage = pageOf(accessLogEntry);
