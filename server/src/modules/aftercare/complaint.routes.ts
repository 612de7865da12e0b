import type Router from '@koa/router';
import {
  complaintActionRequest,
  complaintListQuery,
  complaintListResponse,
  complaintPhotoParams,
  complaintView,
  customerAftercareResponse
} from '@dealer/shared';
import type { AppDeps } from '../../deps';
import { idParams, route } from '../../http/route';
import { complaintPhoto } from './complaint-photos';
import { customerAftercare } from './customer-aftercare';
import { complaintDetail, listComplaints, presentForStaff } from './complaint-query';
import { actOnComplaint, loadComplaintFor } from './complaint.service';

/** Staff complaint handling: the list by status, one complaint with its history, each step, photos. */
export function complaintRoutes(router: Router, deps: AppDeps): void {
  route.staff(router, {
    method: 'get',
    path: '/api/aftercare/customers/:id',
    capability: 'customers.read',
    tag: 'aftercare',
    summary:
      'The customer page’s aftercare: surveys and complaints of one archive (written to the access log)',
    params: idParams,
    response: customerAftercareResponse,
    handler: ({ auth, params, ctx }) => customerAftercare(auth, params.id, String(ctx.state.requestId ?? ''))
  });

  route.staff(router, {
    method: 'get',
    path: '/api/aftercare/complaints',
    capability: 'aftercare.complaints',
    tag: 'aftercare',
    summary: 'Complaints by status (an advisor: their customers’ and those assigned to them)',
    query: complaintListQuery,
    response: complaintListResponse,
    handler: ({ auth, query }) => listComplaints(auth, query)
  });

  route.staff(router, {
    method: 'get',
    path: '/api/aftercare/complaints/:id',
    capability: 'aftercare.complaints',
    tag: 'aftercare',
    summary: 'One complaint with its history (written to the access log)',
    params: idParams,
    response: complaintView,
    handler: async ({ auth, params, ctx }) =>
      complaintDetail(auth, await loadComplaintFor(auth, params.id), String(ctx.state.requestId ?? ''))
  });

  route.staff(router, {
    method: 'post',
    path: '/api/aftercare/complaints/:id/actions',
    capability: 'aftercare.complaints',
    tag: 'aftercare',
    summary: 'Acknowledge, start, resolve (with the owner-visible reply), add an internal note, assign',
    params: idParams,
    body: complaintActionRequest,
    response: complaintView,
    handler: async ({ auth, params, body }) => {
      const [view] = await presentForStaff([await actOnComplaint(auth, params.id, body)]);
      return view;
    }
  });

  route.staff(router, {
    method: 'get',
    path: '/api/aftercare/complaints/:id/photos/:photoId',
    capability: 'aftercare.complaints',
    tag: 'aftercare',
    summary: 'A complaint photo (only for staff who may see the complaint)',
    params: complaintPhotoParams,
    produces: 'image/*',
    handler: async ({ auth, params, ctx }) => {
      const photo = await complaintPhoto(
        await loadComplaintFor(auth, params.id),
        params.photoId,
        deps.config.UPLOAD_DIR
      );
      ctx.type = photo.mime;
      ctx.set('Cache-Control', 'private, no-store');
      ctx.body = photo.stream;
      return undefined;
    }
  });
}
