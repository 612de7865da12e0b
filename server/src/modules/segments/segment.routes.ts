import type Router from '@koa/router';
import {
  createSegmentRequest,
  segmentCustomersQuery,
  segmentCustomersResponse,
  segmentListQuery,
  segmentListResponse,
  segmentPreviewRequest,
  segmentPreviewResponse,
  segmentView,
  updateSegmentRequest
} from '@dealer/shared';
import { idParams, route } from '../../http/route';
import {
  createSegment,
  deleteSegment,
  listSegments,
  previewSegment,
  segmentCustomers,
  updateSegment
} from './segment.service';

/** Saved segments (named customer filters, evaluated when used) and filter previews. */
export function segmentRoutes(router: Router): void {
  route.staff(router, {
    method: 'get',
    path: '/api/segments',
    tag: 'segments',
    summary: "The dealership's saved segments, last changed first",
    capability: 'segments.use',
    query: segmentListQuery,
    response: segmentListResponse,
    handler: async ({ auth, query }) => ({ items: await listSegments(auth, query.dealershipId) })
  });

  route.staff(router, {
    method: 'post',
    path: '/api/segments',
    tag: 'segments',
    summary: 'Save a filter as a named segment (names unique per dealership)',
    capability: 'segments.use',
    body: createSegmentRequest,
    response: segmentView,
    status: 201,
    handler: ({ auth, body }) => createSegment(auth, body)
  });

  // Before /api/segments/:id so that 'preview' is never taken for an id.
  route.staff(router, {
    method: 'post',
    path: '/api/segments/preview',
    tag: 'segments',
    summary: 'How many customers a filter matches now, with a sample',
    capability: 'segments.use',
    body: segmentPreviewRequest,
    response: segmentPreviewResponse,
    handler: ({ auth, body }) => previewSegment(auth, body.filter, body.dealershipId)
  });

  route.staff(router, {
    method: 'patch',
    path: '/api/segments/:id',
    tag: 'segments',
    summary: 'Rename a segment, or change its description or filter',
    capability: 'segments.use',
    params: idParams,
    body: updateSegmentRequest,
    response: segmentView,
    handler: ({ auth, params, body }) => updateSegment(auth, params.id, body)
  });

  route.staff(router, {
    method: 'delete',
    path: '/api/segments/:id',
    tag: 'segments',
    summary: 'Delete a segment (409 while a care rule uses it)',
    capability: 'segments.use',
    params: idParams,
    status: 204,
    handler: async ({ auth, params }) => {
      await deleteSegment(auth, params.id);
      return null;
    }
  });

  route.staff(router, {
    method: 'get',
    path: '/api/segments/:id/customers',
    tag: 'segments',
    summary: "The segment's customers now (its filter evaluated on this call), a page at a time",
    capability: 'segments.use',
    params: idParams,
    query: segmentCustomersQuery,
    response: segmentCustomersResponse,
    handler: ({ auth, params, query }) => segmentCustomers(auth, params.id, query.page, query.pageSize)
  });
}
