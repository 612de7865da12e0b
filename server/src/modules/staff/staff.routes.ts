import type Router from '@koa/router';
import { z } from 'zod';
import {
  createStaffRequest,
  revokeSessionsResponse,
  staffListResponse,
  staffLoginRequest,
  staffLoginResponse,
  staffProfile,
  updateStaffRequest
} from '@dealer/shared';
import type { AppDeps } from '../../deps';
import { clientAddress, FixedWindowLimiter } from '../../lib/rate-limit';
import { tooManyRequests } from '../../lib/errors';
import { idParams, route } from '../../http/route';
import { revokeAllSessions } from '../sessions/session.service';
import { dealershipScope } from '../../http/dealership-scope';
import { assertCanManageStaff } from './staff.policy';
import { createStaff, findStaff, listStaff, updateStaff } from './staff.service';
import { staffLogin } from './staff-auth.service';

export function staffRoutes(router: Router, { config }: AppDeps): void {
  const perIp = new FixedWindowLimiter(config.LOGIN_RATE_PER_MINUTE, 60_000);

  route.public(router, {
    method: 'post',
    path: '/api/auth/staff/login',
    tag: 'auth',
    summary: 'Staff password login (throttled per IP, locked per account after repeated failures)',
    body: staffLoginRequest,
    response: staffLoginResponse,
    handler: async ({ body, ctx }) => {
      if (!perIp.hit(clientAddress(ctx.request, config.TRUST_PROXY_HOPS)))
        throw tooManyRequests('登录请求过于频繁，请稍后再试');
      return staffLogin(body.username, body.password, {
        maxFailures: config.LOGIN_MAX_FAILURES,
        lockMinutes: config.LOGIN_LOCK_MINUTES,
        sessionTtlHours: config.SESSION_TTL_HOURS
      });
    }
  });

  route.staff(router, {
    method: 'get',
    path: '/api/staff',
    tag: 'staff',
    summary: 'Staff accounts of my dealership (all, for a group admin)',
    capability: 'staff.manage',
    query: z.strictObject({
      dealershipId: z
        .string()
        .regex(/^[0-9a-f]{24}$/)
        .optional()
    }),
    response: staffListResponse,
    handler: async ({ auth, query }) => ({
      items: await listStaff(dealershipScope(auth, query.dealershipId))
    })
  });

  route.staff(router, {
    method: 'post',
    path: '/api/staff',
    tag: 'staff',
    summary: 'Create a staff account',
    capability: 'staff.manage',
    body: createStaffRequest,
    response: staffProfile,
    status: 201,
    handler: async ({ auth, body }) => {
      const dealershipId =
        body.role === 'group_admin' ? null : dealershipScope(auth, body.dealershipId ?? null);
      assertCanManageStaff(auth, { dealershipId, role: body.role });
      return createStaff({ ...body, dealershipId });
    }
  });

  route.staff(router, {
    method: 'patch',
    path: '/api/staff/:id',
    tag: 'staff',
    summary: 'Rename, change role, reset password or disable (revokes sessions)',
    capability: 'staff.manage',
    params: idParams,
    body: updateStaffRequest,
    response: staffProfile,
    handler: async ({ auth, params, body }) => {
      const target = await findStaff(params.id);
      const dealershipId = target.dealershipId ? String(target.dealershipId) : null;
      assertCanManageStaff(auth, { dealershipId, role: target.role });
      if (body.role) assertCanManageStaff(auth, { dealershipId, role: body.role });
      return updateStaff(params.id, body);
    }
  });

  route.staff(router, {
    method: 'post',
    path: '/api/staff/:id/revoke-sessions',
    tag: 'staff',
    summary: 'Sign a staff member out everywhere',
    capability: 'staff.manage',
    params: idParams,
    response: revokeSessionsResponse,
    handler: async ({ auth, params }) => {
      const target = await findStaff(params.id);
      assertCanManageStaff(auth, {
        dealershipId: target.dealershipId ? String(target.dealershipId) : null,
        role: target.role
      });
      return { revoked: await revokeAllSessions(params.id) };
    }
  });
}
