import type Router from '@koa/router';
import { createVehicleRequest, updateVehicleRequest, vehicleWriteResponse } from '@dealer/shared';
import { idParams, route } from '../../http/route';
import { createVehicle, updateVehicle } from './customer-vehicle.service';

/** Staff-side vehicle entry; a VIN check-digit mismatch comes back in `warnings`, not as an error. */
export function customerVehicleRoutes(router: Router): void {
  route.staff(router, {
    method: 'post',
    path: '/api/customers/:id/vehicles',
    capability: 'customers.edit',
    tag: 'customers',
    summary: "Add a vehicle to a customer's archive",
    params: idParams,
    body: createVehicleRequest,
    response: vehicleWriteResponse,
    status: 201,
    handler: ({ auth, params, body }) => createVehicle(auth, params.id, body)
  });

  route.staff(router, {
    method: 'patch',
    path: '/api/vehicles/:id',
    capability: 'customers.edit',
    tag: 'customers',
    summary: 'Edit a vehicle (plate, VIN, dates, mileage, usage)',
    params: idParams,
    body: updateVehicleRequest,
    response: vehicleWriteResponse,
    handler: ({ auth, params, body }) => updateVehicle(auth, params.id, body)
  });
}
