import type Router from '@koa/router';
import {
  claimVehicleRequest,
  claimVehicleResponse,
  ownerVehicleDetail,
  ownerVehicleList
} from '@dealer/shared';
import { idParams, route } from '../../http/route';
import { claimVehicle, listOwnerVehicles, ownerVehicleDetail as loadDetail } from './owner-vehicle.service';

export function ownerVehicleRoutes(router: Router): void {
  route.owner(router, {
    method: 'get',
    path: '/api/owner/vehicles',
    tag: 'owner',
    summary: 'My claimed vehicles with warranty and 三包 status',
    response: ownerVehicleList,
    handler: async ({ auth }) => ({ items: await listOwnerVehicles(auth.ownerId) })
  });

  route.owner(router, {
    method: 'post',
    path: '/api/owner/vehicles/claim',
    tag: 'owner',
    summary:
      'Claim a vehicle by plate and the last 6 characters of its VIN (attempts limited per day); a vehicle of another archive waits for confirmation',
    body: claimVehicleRequest,
    response: claimVehicleResponse,
    handler: ({ auth, body }) => claimVehicle(auth.ownerId, body.dealershipId, body.plate, body.vinLast6)
  });

  route.owner(router, {
    method: 'get',
    path: '/api/owner/vehicles/:id',
    tag: 'owner',
    summary: 'One of my vehicles with its service history',
    params: idParams,
    response: ownerVehicleDetail,
    handler: ({ auth, params }) => loadDetail(auth.ownerId, params.id)
  });
}
