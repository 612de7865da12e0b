import type Router from '@koa/router';
import {
  aftercareSettings,
  aftercareSettingsPatch,
  aftercareSettingsQuery,
  callbackAttemptRequest,
  callbackListQuery,
  callbackListResponse,
  callbackParams,
  callbackView
} from '@dealer/shared';
import { oneDealership } from '../../http/dealership-scope';
import { route } from '../../http/route';
import { aftercareSettingsOf, updateAftercareSettings } from './aftercare-settings.service';
import { recordCallbackAttempt } from './callback-attempt';
import { listCallbacks } from './callback.service';

/** The desk's 7DC / 3DC callback list, logging calls, and the aftercare settings. */
export function callbackRoutes(router: Router): void {
  route.staff(router, {
    method: 'get',
    path: '/api/aftercare/callbacks',
    capability: 'aftercare.callbacks',
    tag: 'aftercare',
    summary: 'Callbacks due (A/B customers first, overdue highlighted) or closed',
    query: callbackListQuery,
    response: callbackListResponse,
    handler: ({ auth, query }) => listCallbacks(auth, query)
  });

  route.staff(router, {
    method: 'post',
    path: '/api/aftercare/callbacks/:id/attempts',
    capability: 'aftercare.callbacks',
    tag: 'aftercare',
    summary: 'Log a call: satisfied, issue raised (optionally opening a complaint) or unreachable (retried)',
    params: callbackParams,
    body: callbackAttemptRequest,
    response: callbackView,
    handler: ({ auth, params, body }) => recordCallbackAttempt(auth, params.id, body)
  });

  route.staff(router, {
    method: 'get',
    path: '/api/aftercare/settings',
    capability: 'aftercare.settings',
    tag: 'aftercare',
    summary: 'Aftercare settings: callback retries, complaint deadlines by tier, low-score threshold',
    query: aftercareSettingsQuery,
    response: aftercareSettings,
    handler: ({ auth, query }) => aftercareSettingsOf(oneDealership(auth, query.dealershipId))
  });

  route.staff(router, {
    method: 'patch',
    path: '/api/aftercare/settings',
    capability: 'aftercare.settings',
    tag: 'aftercare',
    summary: 'Change aftercare settings (only the fields given)',
    query: aftercareSettingsQuery,
    body: aftercareSettingsPatch,
    response: aftercareSettings,
    handler: ({ auth, query, body }) => updateAftercareSettings(oneDealership(auth, query.dealershipId), body)
  });
}
