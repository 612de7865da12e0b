import type Router from '@koa/router';
import { accessLogPage, accessLogQuery } from '@dealer/shared';
import { route } from '../../http/route';
import { listAccessLog } from './access-log.service';

export function accessLogRoutes(router: Router): void {
  route.staff(router, {
    method: 'get',
    path: '/api/access-log',
    tag: 'customers',
    summary:
      'Who viewed or exported which archive, newest first (managers: own dealership; group admin: all)',
    capability: 'access-log.read',
    query: accessLogQuery,
    response: accessLogPage,
    handler: ({ auth, query }) => listAccessLog(auth, query)
  });
}
