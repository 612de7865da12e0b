import type Router from '@koa/router';
import { ownerLoginRequest, ownerLoginResponse } from '@dealer/shared';
import type { AppDeps } from '../../deps';
import { route } from '../../http/route';
import { ownerLogin } from './owner-auth.service';

export function ownerAuthRoutes(router: Router, { wechat, config }: AppDeps): void {
  route.public(router, {
    method: 'post',
    path: '/api/auth/owner/login',
    tag: 'auth',
    summary: 'Car owner login with a wx.login code',
    body: ownerLoginRequest,
    response: ownerLoginResponse,
    handler: ({ body }) => ownerLogin(wechat, body.code, config.SESSION_TTL_HOURS)
  });
}
