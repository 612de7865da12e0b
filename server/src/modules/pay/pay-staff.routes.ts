import type Router from '@koa/router';
import {
  merchantSettingsBody,
  merchantSettingsView,
  payOrdersQuery,
  payOrdersResponse,
  payOrderView,
  payReconciliationQuery,
  payReconciliationResponse,
  refundOrderBody
} from '@dealer/shared';
import type { AppDeps } from '../../deps';
import { idParams, route } from '../../http/route';
import { saveSettings, settingsView } from './merchant-settings.service';
import { listOrders, reconciliationView } from './pay-admin.service';
import { reconcileOrders, repairOrders } from './pay-reconcile';
import { refundOrder } from './pay-refund.service';
import { payRuntime } from './pay-runtime';

/** Managers: orders and their payment state, refunds, reconciliation, the merchant settings. */
export function payStaffRoutes(router: Router, deps: AppDeps): void {
  const runtime = payRuntime(deps.config);

  route.staff(router, {
    method: 'get',
    path: '/api/pay/admin/orders',
    tag: 'pay',
    summary: 'WeChat Pay orders of my dealership(s) with their payment state',
    capability: 'pay.orders',
    query: payOrdersQuery,
    response: payOrdersResponse,
    handler: ({ auth, query }) => listOrders(auth, query)
  });

  route.staff(router, {
    method: 'post',
    path: '/api/pay/admin/orders/:id/refund',
    tag: 'pay',
    summary: 'Refund a paid order in full (its voucher unused); WeChat confirms by notification',
    capability: 'pay.orders',
    params: idParams,
    body: refundOrderBody,
    response: payOrderView,
    handler: ({ auth, params, body }) => refundOrder(runtime, auth, params.id, body.reason)
  });

  route.staff(router, {
    method: 'get',
    path: '/api/pay/admin/reconciliation',
    tag: 'pay',
    summary: 'Reconciliation: orders paid without notification, unknown orders, amount mismatches',
    capability: 'pay.orders',
    query: payReconciliationQuery,
    response: payReconciliationResponse,
    handler: ({ auth, query }) => reconciliationView(auth, query.dealershipId)
  });

  route.staff(router, {
    method: 'post',
    path: '/api/pay/admin/reconciliation/run',
    tag: 'pay',
    summary: 'Run reconciliation now (query orders without notification, settle refunds)',
    capability: 'pay.orders',
    query: payReconciliationQuery,
    response: payReconciliationResponse,
    handler: async ({ auth, query }) => {
      await repairOrders();
      await reconcileOrders(runtime);
      return reconciliationView(auth, query.dealershipId);
    }
  });

  route.staff(router, {
    method: 'get',
    path: '/api/pay/settings',
    tag: 'pay',
    summary: 'Merchant settings: mchid, serial or public-key id, where each key is read from (never a key)',
    capability: 'pay.settings',
    response: merchantSettingsView,
    handler: () => settingsView(deps.config)
  });

  route.staff(router, {
    method: 'put',
    path: '/api/pay/settings',
    tag: 'pay',
    summary: 'Save the merchant settings (every key must be readable and fit)',
    capability: 'pay.settings',
    body: merchantSettingsBody,
    response: merchantSettingsView,
    handler: ({ auth, body }) => saveSettings(deps.config, auth, body)
  });
}
