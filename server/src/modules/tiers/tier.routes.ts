import type Router from '@koa/router';
import {
  customerTierView as customerTierSchema,
  recomputeTiersRequest,
  tierOverrideRequest,
  tierRunParams,
  tierRunView,
  tierSettingsBody,
  tierSummary as tierSummarySchema,
  tierSummaryQuery
} from '@dealer/shared';
import type { AppDeps } from '../../deps';
import { idParams, route } from '../../http/route';
import { clock, shanghaiDate } from '../../lib/clock';
import { loadSettings, updateSettings } from '../dealerships/dealership.service';
import { loadCustomerFor } from '../customers/customer.scope';
import { dealershipScope, oneDealership } from '../../http/dealership-scope';
import { liftTierOverride, setTierOverride } from './tier-override.service';
import { startTierRun } from './tier-run.service';
import { customerTierView, findRun, tierSummary } from './tier-view.service';

/** Value tiers: settings, recompute runs, summary, a customer's tier and overrides. */
export function tierRoutes(router: Router, { logger }: AppDeps): void {
  route.staff(router, {
    method: 'get',
    path: '/api/dealerships/:id/tier-settings',
    tag: 'tiers',
    summary:
      'How customers of a dealership are tiered (method, weights, window, quotas or thresholds, hysteresis)',
    capability: 'tiers.read',
    params: idParams,
    response: tierSettingsBody,
    handler: async ({ auth, params }) => (await loadSettings(oneDealership(auth, params.id))).tiers
  });

  route.staff(router, {
    method: 'put',
    path: '/api/dealerships/:id/tier-settings',
    tag: 'tiers',
    summary: 'Replace the tier settings (missing keys take their defaults); applies from the next run',
    capability: 'tiers.manage',
    params: idParams,
    body: tierSettingsBody,
    response: tierSettingsBody,
    handler: async ({ auth, params, body }) =>
      (await updateSettings(oneDealership(auth, params.id), { tiers: body })).tiers
  });

  route.staff(router, {
    method: 'post',
    path: '/api/tiers/recompute',
    tag: 'tiers',
    summary:
      'Recompute tiers (and the other classes) now, in the background; poll the run. 409 while one runs',
    capability: 'tiers.manage',
    body: recomputeTiersRequest,
    response: tierRunView,
    status: 202,
    handler: async ({ auth, body }) => {
      const dealershipId = oneDealership(auth, body.dealershipId);
      const asOf = body.asOf ?? shanghaiDate(clock.now());
      const runId = await startTierRun(dealershipId, asOf, auth.staffId, logger);
      return findRun(runId, dealershipId);
    }
  });

  route.staff(router, {
    method: 'get',
    path: '/api/tiers/runs/:id',
    tag: 'tiers',
    summary: 'One tier run: status, counts per tier, movement matrix, duration',
    capability: 'tiers.read',
    params: tierRunParams,
    response: tierRunView,
    handler: ({ auth, params }) => findRun(params.id, dealershipScope(auth))
  });

  route.staff(router, {
    method: 'get',
    path: '/api/tiers/summary',
    tag: 'tiers',
    summary: 'Customers per tier now, the latest run with its movement matrix, and the run before it',
    capability: 'tiers.read',
    query: tierSummaryQuery,
    response: tierSummarySchema,
    handler: ({ auth, query }) => tierSummary(oneDealership(auth, query.dealershipId))
  });

  route.staff(router, {
    method: 'get',
    path: '/api/customers/:id/tier',
    capability: 'customers.read',
    tag: 'tiers',
    summary: "A customer's tier with the engine's reason and explanation, the override and the history",
    params: idParams,
    response: customerTierSchema,
    handler: async ({ auth, params }) => customerTierView(await loadCustomerFor(auth, params.id))
  });

  route.staff(router, {
    method: 'put',
    path: '/api/customers/:id/tier/override',
    tag: 'tiers',
    summary:
      'Override the tier with a reason until expiresAt (exclusive); in force at once, kept in the history',
    capability: 'tiers.manage',
    params: idParams,
    body: tierOverrideRequest,
    response: customerTierSchema,
    handler: ({ auth, params, body }) => setTierOverride(auth, params.id, body)
  });

  route.staff(router, {
    method: 'delete',
    path: '/api/customers/:id/tier/override',
    tag: 'tiers',
    summary: "Lift the override: the engine's last computed tier is in force again",
    capability: 'tiers.manage',
    params: idParams,
    response: customerTierSchema,
    handler: ({ auth, params }) => liftTierOverride(auth, params.id)
  });
}
