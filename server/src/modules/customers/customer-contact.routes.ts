import type Router from '@koa/router';
import { contactView, createContactRequest } from '@dealer/shared';
import { idParams, route } from '../../http/route';
import { logContact } from '../contacts/contact.service';
import { loadCustomerFor } from './customer.scope';

export function customerContactRoutes(router: Router): void {
  route.staff(router, {
    method: 'post',
    path: '/api/customers/:id/contacts',
    capability: 'customers.edit',
    tag: 'customers',
    summary: 'Log a call, visit or message with the customer (part of the archive)',
    params: idParams,
    body: createContactRequest,
    response: contactView,
    status: 201,
    handler: async ({ auth, params, body }) => logContact(auth, await loadCustomerFor(auth, params.id), body)
  });
}
