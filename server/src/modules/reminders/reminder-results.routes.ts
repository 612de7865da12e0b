import type Router from '@koa/router';
import { reminderFunnelQuery, reminderFunnelResponse, type ReminderFunnelQuery } from '@dealer/shared';
import type { StaffAuth } from '../../http/auth-context';
import { oneDealership } from '../../http/dealership-scope';
import { route } from '../../http/route';
import { funnelCsv } from './reminder-funnel-csv';
import { reminderFunnel } from './reminder-funnel.service';

/** Reminder results for managers, marketing and group admins: the funnel and uplift, and its CSV. */

const funnelOf = (auth: StaffAuth, query: ReminderFunnelQuery) =>
  reminderFunnel({
    dealershipId: oneDealership(auth, query.dealershipId),
    from: query.from,
    to: query.to,
    advisorId: query.advisorId
  });

export function reminderResultsRoutes(router: Router): void {
  route.staff(router, {
    method: 'get',
    path: '/api/reminders/funnel',
    tag: 'reminders',
    summary:
      'Reminder funnel of the maintenance vehicles due from–to (due → reminded → booked → arrived → returned), the control group and the uplift with its 95% interval, overall and per advisor',
    capability: 'reminders.results',
    query: reminderFunnelQuery,
    response: reminderFunnelResponse,
    handler: ({ auth, query }) => funnelOf(auth, query)
  });

  route.staff(router, {
    method: 'get',
    path: '/api/reminders/funnel.csv',
    tag: 'reminders',
    summary:
      'The reminder funnel as CSV (UTF-8 with BOM): one row for the dealership and one per advisor, then the uplift',
    capability: 'reminders.results',
    query: reminderFunnelQuery,
    produces: 'text/csv',
    handler: async ({ auth, query, ctx }) => {
      const result = await funnelOf(auth, query);
      const span = `${query.from}_${query.to}`;
      ctx.set(
        'Content-Disposition',
        `attachment; filename="reminder-funnel-${span}.csv"; filename*=UTF-8''${encodeURIComponent(`提醒效果-${span}.csv`)}`
      );
      ctx.type = 'text/csv; charset=utf-8';
      ctx.body = funnelCsv(result);
      return undefined;
    }
  });
}
