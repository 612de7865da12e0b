import { z } from 'zod';
import { staffProfile } from './staff';

/** Car owner login: the code from wx.login (or the sandbox's in demo mode). */
export const ownerLoginRequest = z.strictObject({ code: z.string().trim().min(1).max(128) });
export const ownerLoginResponse = z.object({ token: z.string(), owner: z.object({ id: z.string() }) });

/** `GET /api/me`: who the bearer token belongs to. */
export const meResponse = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('owner'), owner: z.object({ id: z.string(), phoneBound: z.boolean() }) }),
  z.object({ kind: z.literal('staff'), staff: staffProfile })
]);
