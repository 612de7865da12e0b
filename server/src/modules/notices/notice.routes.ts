import type Router from '@koa/router';
import { noticeListQuery, noticeListResponse, noticeView } from '@dealer/shared';
import { idParams, route } from '../../http/route';
import { listNotices, markNoticeRead } from './notice.service';

/** The owner's in-app inbox (only the caller's own notices). */
export function noticeRoutes(router: Router): void {
  route.owner(router, {
    method: 'get',
    path: '/api/owner/notices',
    tag: 'notices',
    summary: "The caller's notices, newest first, with the unread count",
    query: noticeListQuery,
    response: noticeListResponse,
    handler: ({ auth, query }) => listNotices(auth.ownerId, query.page, query.pageSize)
  });

  route.owner(router, {
    method: 'post',
    path: '/api/owner/notices/:id/read',
    tag: 'notices',
    summary: 'Mark one of my notices read',
    params: idParams,
    response: noticeView,
    handler: ({ auth, params }) => markNoticeRead(auth.ownerId, params.id)
  });
}
