import type Router from '@koa/router';
import { meResponse } from '@dealer/shared';
import { route } from '../../http/route';
import { unauthorized } from '../../lib/errors';
import { Owner } from '../owners/owner.model';
import { findStaff, presentStaff } from '../staff/staff.service';
import { revokeSession } from '../sessions/session.service';

/** The signed-in account, owner or staff: who am I, sign out. */
export function accountRoutes(router: Router): void {
  route.public(router, {
    method: 'post',
    path: '/api/auth/logout',
    tag: 'auth',
    summary: 'End this session',
    status: 204,
    handler: async ({ auth }) => {
      if (!auth) throw unauthorized();
      await revokeSession(auth.sessionId);
    }
  });

  route.public(router, {
    method: 'get',
    path: '/api/me',
    tag: 'auth',
    summary: 'Who am I',
    response: meResponse,
    handler: async ({ auth }) => {
      if (!auth) throw unauthorized();
      if (auth.kind === 'staff')
        return { kind: 'staff' as const, staff: presentStaff(await findStaff(auth.staffId)) };
      const owner = await Owner.findById(auth.ownerId).lean();
      if (!owner) throw unauthorized();
      return { kind: 'owner' as const, owner: { id: auth.ownerId, phoneBound: Boolean(owner.mobile) } };
    }
  });
}
