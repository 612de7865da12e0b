import type Router from '@koa/router';
import { dealershipDueSettings, ownerDueResponse, updateDueSettingsRequest } from '@dealer/shared';
import { idParams, route } from '../../http/route';
import { oneDealership } from '../../http/dealership-scope';
import { replaceDueSettings, loadDueSettings } from './due-settings.service';
import { ownerDue } from './owner-due.service';

/** The owner's due view and the dealership's due settings (docs/reminders.md, "Server"). */
export function dueRoutes(router: Router): void {
  route.owner(router, {
    method: 'get',
    path: '/api/owner/due',
    tag: 'due',
    summary:
      "What is due on each of the owner's vehicles (maintenance, insurance, inspection, warranty, 三包)",
    response: ownerDueResponse,
    handler: ({ auth }) => ownerDue(auth.ownerId)
  });

  route.staff(router, {
    method: 'get',
    path: '/api/dealerships/:id/due-settings',
    tag: 'due',
    summary:
      'Due settings: maintenance intervals, lead days, projection defaults, inspection rules, control group',
    capability: 'due.settings.read',
    params: idParams,
    response: dealershipDueSettings,
    handler: ({ auth, params }) => loadDueSettings(oneDealership(auth, params.id))
  });

  route.staff(router, {
    method: 'put',
    path: '/api/dealerships/:id/due-settings',
    tag: 'due',
    summary: 'Replace the due settings (a field left out takes its default)',
    capability: 'due.settings.edit',
    params: idParams,
    body: updateDueSettingsRequest,
    response: dealershipDueSettings,
    handler: ({ auth, params, body }) => replaceDueSettings(oneDealership(auth, params.id), body)
  });
}
