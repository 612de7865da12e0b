import type Router from '@koa/router';
import { z } from 'zod';
import type { AppDeps } from '../../deps';
import { route } from '../../http/route';
import { ownerLogin } from './owner-auth.service';

export const ownerLoginRequest = z.strictObject({ code: z.string().trim().min(1).max(128) });

export function ownerAuthRoutes(router: Router, { wechat, config }: AppDeps): void {
  route.public(router, {
    method: 'post',
    path: '/api/auth/owner/login',
    tag: 'auth',
    summary: 'Car owner login with a wx.login code',
    body: ownerLoginRequest,
    response: z.object({ token: z.string(), owner: z.object({ id: z.string() }) }),
    handler: ({ body }) => ownerLogin(wechat, body.code, config.SESSION_TTL_HOURS)
  });
}
