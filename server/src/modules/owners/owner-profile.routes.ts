import type Router from '@koa/router';
import { ownerProfile as profileSchema, updateOwnerProfileRequest } from '@dealer/shared';
import { route } from '../../http/route';
import { ownerProfile, updateOwnerProfile } from './owner-profile.service';

export function ownerProfileRoutes(router: Router): void {
  route.owner(router, {
    method: 'get',
    path: '/api/owner/profile',
    tag: 'owner',
    summary: 'My profile',
    response: profileSchema,
    handler: ({ auth }) => ownerProfile(auth.ownerId)
  });

  route.owner(router, {
    method: 'patch',
    path: '/api/owner/profile',
    tag: 'owner',
    summary: 'Update my name, gender or birthday (solar or lunar) in my archives',
    body: updateOwnerProfileRequest,
    response: profileSchema,
    handler: ({ auth, body }) => updateOwnerProfile(auth.ownerId, body)
  });
}
