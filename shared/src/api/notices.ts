import { z } from 'zod';
import { objectId, pageOf, pagination } from './common';

/** The owners' inbox: notices from their dealerships. */

export const noticeView = z.object({
  id: objectId,
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  /** The mini-program page the notice opens (e.g. a reminder's booking page), or null. */
  page: z.string().nullable(),
  dealershipId: objectId,
  createdAt: z.string(),
  readAt: z.string().nullable()
});
export const noticeListQuery = z.strictObject({ ...pagination });
export const noticeListResponse = pageOf(noticeView).extend({ unread: z.number().int() });
