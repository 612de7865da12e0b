import type Router from '@koa/router';
import {
  complaintPhotoParams,
  complaintPhotoView,
  ownerComplaintListResponse,
  ownerComplaintRequest,
  ownerComplaintView,
  ownerReopenRequest,
  ownerSurveyListResponse,
  surveyAnswerRequest,
  surveyView
} from '@dealer/shared';
import type { AppDeps } from '../../deps';
import { idParams, route } from '../../http/route';
import { addComplaintPhoto, complaintPhoto } from './complaint-photos';
import { loadOwnerComplaint, ownerComplaints, presentForOwner } from './complaint-query';
import { ownerConfirmOrReopen } from './complaint.service';
import { fileOwnerComplaint } from './owner-complaint.service';
import { answerSurvey, ownerSurvey, ownerSurveys } from './survey.service';

/** The owner's side: surveys to answer, complaints to file, follow, confirm or reopen. */
export function aftercareOwnerRoutes(router: Router, deps: AppDeps): void {
  const tag = 'aftercare-owner';
  route.owner(router, {
    method: 'get',
    path: '/api/owner/aftercare/surveys',
    tag,
    summary: 'My satisfaction surveys (pending and answered)',
    response: ownerSurveyListResponse,
    handler: ({ auth }) => ownerSurveys(auth.ownerId)
  });
  route.owner(router, {
    method: 'get',
    path: '/api/owner/aftercare/surveys/:id',
    tag,
    summary: 'One of my surveys',
    params: idParams,
    response: surveyView,
    handler: ({ auth, params }) => ownerSurvey(auth.ownerId, params.id)
  });
  route.owner(router, {
    method: 'post',
    path: '/api/owner/aftercare/surveys/:id/answer',
    tag,
    summary: 'Answer a survey (once per visit): four ratings 1–5 and an optional comment',
    params: idParams,
    body: surveyAnswerRequest,
    response: surveyView,
    handler: ({ auth, params, body }) => answerSurvey(auth.ownerId, params.id, body)
  });
  route.owner(router, {
    method: 'get',
    path: '/api/owner/aftercare/complaints',
    tag,
    summary: 'My complaints with their status and replies',
    response: ownerComplaintListResponse,
    handler: ({ auth }) => ownerComplaints(auth.ownerId)
  });
  route.owner(router, {
    method: 'get',
    path: '/api/owner/aftercare/complaints/:id',
    tag,
    summary: 'One of my complaints with its status, reply, photos and history (anyone else’s is 404)',
    params: idParams,
    response: ownerComplaintView,
    handler: async ({ auth, params }) => {
      const [view] = await presentForOwner([await loadOwnerComplaint(auth.ownerId, params.id)]);
      return view;
    }
  });
  route.owner(router, {
    method: 'post',
    path: '/api/owner/aftercare/complaints',
    tag,
    summary: 'File a complaint about a visit or in general',
    body: ownerComplaintRequest,
    response: ownerComplaintView,
    status: 201,
    handler: ({ auth, body }) => fileOwnerComplaint(auth.ownerId, body)
  });
  route.owner(router, {
    method: 'post',
    path: '/api/owner/aftercare/complaints/:id/photos',
    tag,
    summary: 'Add a photo (multipart `file`; JPEG, PNG or WebP, ≤ 5 MB, at most 3 per complaint)',
    params: idParams,
    response: complaintPhotoView,
    status: 201,
    handler: async ({ auth, params, ctx }) =>
      addComplaintPhoto(await loadOwnerComplaint(auth.ownerId, params.id), ctx.req, deps.config.UPLOAD_DIR)
  });
  route.owner(router, {
    method: 'get',
    path: '/api/owner/aftercare/complaints/:id/photos/:photoId',
    tag,
    summary: 'A photo of my complaint',
    params: complaintPhotoParams,
    produces: 'image/*',
    handler: async ({ auth, params, ctx }) => {
      const complaint = await loadOwnerComplaint(auth.ownerId, params.id);
      const photo = await complaintPhoto(complaint, params.photoId, deps.config.UPLOAD_DIR);
      ctx.type = photo.mime;
      ctx.set('Cache-Control', 'private, no-store');
      ctx.body = photo.stream;
      return undefined;
    }
  });
  for (const action of ['confirm', 'reopen'] as const)
    route.owner(router, {
      method: 'post',
      path: `/api/owner/aftercare/complaints/:id/${action}`,
      tag,
      summary:
        action === 'confirm' ? 'Confirm a resolved complaint (closes it)' : 'Reopen a resolved complaint',
      params: idParams,
      body: action === 'reopen' ? ownerReopenRequest : undefined,
      response: ownerComplaintView,
      handler: async ({ auth, params, body }) => {
        const complaint = await loadOwnerComplaint(auth.ownerId, params.id);
        const reason = (body as { reason?: string } | undefined)?.reason;
        const [view] = await presentForOwner([await ownerConfirmOrReopen(complaint, action, reason)]);
        return view;
      }
    });
}
