import type Router from '@koa/router';
import { z } from 'zod';
import {
  careRuleList,
  careRuleView,
  careTemplates,
  carePreviewRequest,
  carePreviewResponse,
  createCareRuleRequest,
  dispatchListQuery,
  dispatchListResponse,
  objectId,
  updateCareRuleRequest
} from '@dealer/shared';
import { idParams, route } from '../../../http/route';
import { isIsoDate } from '@dealer/shared/domain/dates';
import { badRequest } from '../../../lib/errors';
import { oneDealership } from '../../../http/dealership-scope';
import { createRule, deleteRule, listRules, updateRule } from '../rules/care-rule.service';
import { careTemplatesOf, setCareTemplates } from '../rules/care-settings.service';
import { listDispatches } from '../care-dispatch.service';
import { previewCare } from '../engine/preview';
import type { CareSources } from '../care-sources';

const scoped = z.strictObject({ dealershipId: objectId.optional() });

/** Care rules, templates, preview (dry run) and the dispatch log. */
export function careRoutes(router: Router, sources: CareSources): void {
  route.staff(router, {
    method: 'get',
    path: '/api/care/rules',
    tag: 'care',
    summary: "The dealership's care rules (defaults seeded on first use)",
    capability: 'care.read',
    query: scoped,
    response: careRuleList,
    handler: async ({ auth, query }) => ({ items: await listRules(oneDealership(auth, query.dealershipId)) })
  });
  route.staff(router, {
    method: 'post',
    path: '/api/care/rules',
    tag: 'care',
    summary: 'Add a care rule',
    capability: 'care.rules.edit',
    query: scoped,
    body: createCareRuleRequest,
    response: careRuleView,
    status: 201,
    handler: ({ auth, query, body }) => createRule(oneDealership(auth, query.dealershipId), body, sources)
  });
  route.staff(router, {
    method: 'patch',
    path: '/api/care/rules/:id',
    tag: 'care',
    summary: 'Change a care rule',
    capability: 'care.rules.edit',
    params: idParams,
    query: scoped,
    body: updateCareRuleRequest,
    response: careRuleView,
    handler: ({ auth, params, query, body }) =>
      updateRule(oneDealership(auth, query.dealershipId), params.id, body, sources)
  });
  route.staff(router, {
    method: 'delete',
    path: '/api/care/rules/:id',
    tag: 'care',
    summary: 'Remove a care rule (its dispatch log stays)',
    capability: 'care.rules.edit',
    params: idParams,
    query: scoped,
    status: 204,
    handler: ({ auth, params, query }) =>
      deleteRule(oneDealership(auth, query.dealershipId), params.id, sources)
  });
  route.staff(router, {
    method: 'get',
    path: '/api/care/templates',
    capability: 'care.templates.read',
    tag: 'care',
    summary: "The dealership's subscribe-message templates",
    query: scoped,
    response: careTemplates,
    handler: async ({ auth, query }) => ({
      templates: await careTemplatesOf(oneDealership(auth, query.dealershipId))
    })
  });
  route.staff(router, {
    method: 'put',
    path: '/api/care/templates',
    tag: 'care',
    summary: 'Set the template ids from the WeChat console',
    capability: 'care.templates.edit',
    query: scoped,
    body: careTemplates,
    response: careTemplates,
    handler: async ({ auth, query, body }) => ({
      templates: await setCareTemplates(oneDealership(auth, query.dealershipId), body.templates)
    })
  });
  route.staff(router, {
    method: 'post',
    path: '/api/care/preview',
    tag: 'care',
    summary: 'Dry run: who gets what on a day (writes nothing)',
    capability: 'care.read',
    query: scoped,
    body: carePreviewRequest,
    response: carePreviewResponse,
    handler: ({ auth, query, body }) => {
      if (!isIsoDate(body.date)) throw badRequest('VALIDATION_FAILED', '日期不存在');
      return previewCare(oneDealership(auth, query.dealershipId), body.date, sources);
    }
  });
  route.staff(router, {
    method: 'get',
    path: '/api/care/dispatches',
    tag: 'care',
    summary: 'The dispatch log: status of every care message and task',
    capability: 'care.read',
    query: dispatchListQuery,
    response: dispatchListResponse,
    handler: ({ auth, query }) => listDispatches(oneDealership(auth, query.dealershipId), query)
  });
}
