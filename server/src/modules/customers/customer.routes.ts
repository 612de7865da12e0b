import type Router from '@koa/router';
import {
  createCustomerRequest,
  customerArchive,
  customerDetail,
  customerExportQuery,
  customerListQuery,
  customerListResponse,
  reassignRequest,
  reassignResponse,
  updateCustomerRequest
} from '@dealer/shared';
import { idParams, route } from '../../http/route';
import { clock, shanghaiDate } from '../../lib/clock';
import { viewArchive } from './customer-archive';
import { exportCustomers } from './customer-export';
import { listCustomers } from './customer-list';
import { createCustomer, updateCustomer } from './customer.service';
import { reassignCustomers } from './reassign.service';

const requestIdOf = (state: { requestId?: unknown }) => String(state.requestId ?? '');

/** Staff side of the customer archive. Scoping lives in customer.scope.ts, not here. */
export function customerRoutes(router: Router): void {
  route.staff(router, {
    method: 'get',
    path: '/api/customers',
    capability: 'customers.read',
    tag: 'customers',
    summary: 'Search my customers by name, mobile, plate or VIN tail; filter by advisor and tag',
    query: customerListQuery,
    response: customerListResponse,
    handler: ({ auth, query }) => listCustomers(auth, query)
  });

  // Before /api/customers/:id so that 'export.csv' is not taken for an id.
  route.staff(router, {
    method: 'get',
    path: '/api/customers/export.csv',
    tag: 'customers',
    summary: 'Export the filtered list as CSV (UTF-8 with BOM); logged in the access log',
    capability: 'customers.export',
    query: customerExportQuery,
    produces: 'text/csv',
    handler: async ({ auth, query, ctx }) => {
      const stream = await exportCustomers(auth, query, requestIdOf(ctx.state));
      const day = shanghaiDate(clock.now()).replace(/-/g, '');
      ctx.set(
        'Content-Disposition',
        `attachment; filename="customers-${day}.csv"; filename*=UTF-8''${encodeURIComponent(`客户档案-${day}.csv`)}`
      );
      ctx.type = 'text/csv; charset=utf-8';
      ctx.body = stream;
      return undefined;
    }
  });

  route.staff(router, {
    method: 'post',
    path: '/api/customers/reassign',
    tag: 'customers',
    summary:
      "Move an advisor's customers to another advisor; bound owners are told once (retry-safe by batchId)",
    capability: 'customers.reassign',
    body: reassignRequest,
    response: reassignResponse,
    handler: ({ auth, body }) => reassignCustomers(auth, body)
  });

  route.staff(router, {
    method: 'post',
    path: '/api/customers',
    capability: 'customers.edit',
    tag: 'customers',
    summary: 'Create a customer archive by hand (one per mobile per dealership)',
    body: createCustomerRequest,
    response: customerDetail,
    status: 201,
    handler: ({ auth, body }) => createCustomer(auth, body)
  });

  route.staff(router, {
    method: 'get',
    path: '/api/customers/:id',
    capability: 'customers.read',
    tag: 'customers',
    summary:
      'The archive: details, vehicles with warranty/三包, service history, contact log (logged as a view)',
    params: idParams,
    response: customerArchive,
    handler: ({ auth, params, ctx }) => viewArchive(auth, params.id, requestIdOf(ctx.state))
  });

  route.staff(router, {
    method: 'patch',
    path: '/api/customers/:id',
    capability: 'customers.edit',
    tag: 'customers',
    summary: 'Edit archive details; only managers change the advisor or second contact',
    params: idParams,
    body: updateCustomerRequest,
    response: customerDetail,
    handler: ({ auth, params, body }) => updateCustomer(auth, params.id, body)
  });
}
