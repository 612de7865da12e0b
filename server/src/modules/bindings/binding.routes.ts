import type Router from '@koa/router';
import { z } from 'zod';
import { bindRequest, bindResponse, objectId, ownerBindingList } from '@dealer/shared';
import type { AppDeps } from '../../deps';
import { route } from '../../http/route';
import type { BindingHooks } from './binding-hooks';
import { bindOwner, listBindings, unbindOwner } from './binding.service';

export function bindingRoutes(router: Router, { wechat }: AppDeps, hooks: BindingHooks): void {
  route.owner(router, {
    method: 'post',
    path: '/api/owner/bindings',
    tag: 'binding',
    summary: 'Bind to the dealership of a QR scene, matched by the WeChat-verified phone number',
    body: bindRequest,
    response: bindResponse,
    handler: ({ auth, body }) => bindOwner(wechat, hooks, auth.ownerId, body.scene, body.phoneCode)
  });

  route.owner(router, {
    method: 'get',
    path: '/api/owner/bindings',
    tag: 'binding',
    summary: 'My dealerships',
    response: ownerBindingList,
    handler: async ({ auth }) => ({ items: await listBindings(auth.ownerId) })
  });

  route.owner(router, {
    method: 'delete',
    path: '/api/owner/bindings/:dealershipId',
    tag: 'binding',
    summary: 'Unbind from a dealership',
    params: z.strictObject({ dealershipId: objectId }),
    status: 204,
    handler: ({ auth, params }) => unbindOwner(auth.ownerId, params.dealershipId)
  });
}
