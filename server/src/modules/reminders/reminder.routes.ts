import type Router from '@koa/router';
import {
  callListResponse,
  callView,
  dueEventParams,
  logCallRequest,
  remindResponse,
  workbenchQuery,
  workbenchResponse
} from '@dealer/shared';
import type { AppDeps } from '../../deps';
import { route } from '../../http/route';
import { listReminderCalls, logReminderCall } from './reminder-call.service';
import { pushReminder } from './reminder-push.service';
import { workbench } from './reminder-workbench.service';

/** The advisor's workbench: due customers, pushing a reminder, logging a call (docs/reminders.md). */
export function reminderRoutes(router: Router, deps: AppDeps): void {
  route.staff(router, {
    method: 'get',
    path: '/api/reminders/workbench',
    capability: 'reminders.work',
    tag: 'reminders',
    summary:
      'Due events of the caller’s customers (an advisor’s own; a manager’s dealership), A/B tiers first',
    query: workbenchQuery,
    response: workbenchResponse,
    handler: ({ auth, query }) => workbench(auth, query)
  });

  route.staff(router, {
    method: 'post',
    path: '/api/reminders/:dueEventId/remind',
    capability: 'reminders.work',
    tag: 'reminders',
    summary: 'Push the one reminder of a due event (WeChat message, inbox, or a call task); again → 409',
    params: dueEventParams,
    response: remindResponse,
    handler: ({ auth, params }) => pushReminder(auth, params.dueEventId, deps)
  });

  route.staff(router, {
    method: 'post',
    path: '/api/reminders/:dueEventId/calls',
    capability: 'reminders.work',
    tag: 'reminders',
    summary: 'Log a call about a due event (also in the customer’s contact log)',
    params: dueEventParams,
    body: logCallRequest,
    response: callView,
    status: 201,
    handler: ({ auth, params, body }) => logReminderCall(auth, params.dueEventId, body)
  });

  route.staff(router, {
    method: 'get',
    path: '/api/reminders/:dueEventId/calls',
    capability: 'reminders.work',
    tag: 'reminders',
    summary: 'Calls about a due event, newest first',
    params: dueEventParams,
    response: callListResponse,
    handler: ({ auth, params }) => listReminderCalls(auth, params.dueEventId)
  });
}
