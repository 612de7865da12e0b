import type Router from '@koa/router';
import {
  adjustmentListQuery,
  adjustmentListResponse,
  adjustmentView,
  confirmVoucherUseRequest,
  createAdjustmentRequest,
  customerPointsParams,
  customerPointsResponse,
  dealershipQuery,
  decideAdjustmentRequest,
  deskVoucherView,
  liabilityView,
  pointsRules,
  pointsRulesView,
  reconciliationQuery,
  reconciliationView,
  voucherCodeParams
} from '@dealer/shared';
import { mayActOn, oneDealership } from '../../http/dealership-scope';
import { idParams, route } from '../../http/route';
import { customerAccount } from './points-account.service';
import { decideAdjustment, listAdjustments, requestAdjustment } from './points-adjustment.service';
import { liabilityOf, reconciliationReport } from './points-report.service';
import { rulesOf, saveRules } from './points-rules.service';
import { confirmUse, lookupVoucher, reverseVoucher } from './voucher.service';

/** Staff: the desk's voucher verification; managers' rules, adjustments and reports. */
export function pointsStaffRoutes(router: Router): void {
  route.staff(router, {
    method: 'get',
    path: '/api/points/vouchers/:code',
    capability: 'points.verify',
    tag: 'points',
    summary: 'Look up a voucher by its code (own dealership): item, owner, remaining uses',
    params: voucherCodeParams,
    response: deskVoucherView,
    handler: ({ auth, params }) => lookupVoucher(auth, params.code)
  });

  route.staff(router, {
    method: 'post',
    path: '/api/points/vouchers/:code/uses',
    capability: 'points.verify',
    tag: 'points',
    summary: 'Confirm one use of a voucher (the use number shown at lookup); recorded with who and when',
    params: voucherCodeParams,
    body: confirmVoucherUseRequest,
    response: deskVoucherView,
    handler: ({ auth, params, body }) => confirmUse(auth, params.code, body.useNumber)
  });

  route.staff(router, {
    method: 'post',
    path: '/api/points/vouchers/:code/reverse',
    capability: 'points.manage',
    tag: 'points',
    summary: 'Reverse an unused voucher: the points go back with their expiry, the stock unit is freed',
    params: voucherCodeParams,
    response: deskVoucherView,
    handler: ({ auth, params }) => reverseVoucher(auth, params.code)
  });

  route.staff(router, {
    method: 'get',
    path: '/api/points/rules',
    capability: 'points.manage',
    tag: 'points',
    summary: 'Earning rules, expiry policy, approval threshold and point value',
    query: dealershipQuery,
    response: pointsRulesView,
    handler: async ({ auth, query }) => {
      const dealershipId = oneDealership(auth, query.dealershipId);
      return { dealershipId, ...(await rulesOf(dealershipId)) };
    }
  });

  route.staff(router, {
    method: 'put',
    path: '/api/points/rules',
    capability: 'points.manage',
    tag: 'points',
    summary: 'Replace the points rules',
    query: dealershipQuery,
    body: pointsRules,
    response: pointsRulesView,
    handler: async ({ auth, query, body }) => {
      const dealershipId = oneDealership(auth, query.dealershipId);
      return { dealershipId, ...(await saveRules(dealershipId, body)) };
    }
  });

  route.staff(router, {
    method: 'get',
    path: '/api/points/customers/:customerId',
    capability: 'points.manage',
    tag: 'points',
    summary: 'A customer’s points account and recent entries',
    params: customerPointsParams,
    response: customerPointsResponse,
    handler: ({ auth, params }) => customerAccount(params.customerId, (d) => mayActOn(auth, d))
  });

  route.staff(router, {
    method: 'post',
    path: '/api/points/adjustments',
    capability: 'points.manage',
    tag: 'points',
    summary: 'Adjust a customer’s points with a reason (above the threshold: waits for a second approver)',
    body: createAdjustmentRequest,
    response: adjustmentView,
    status: 201,
    handler: ({ auth, body }) => requestAdjustment(auth, body)
  });

  route.staff(router, {
    method: 'get',
    path: '/api/points/adjustments',
    capability: 'points.manage',
    tag: 'points',
    summary: 'Manual adjustments, newest first (filter pending for the approval queue)',
    query: adjustmentListQuery,
    response: adjustmentListResponse,
    handler: ({ auth, query }) => listAdjustments(auth, query)
  });

  route.staff(router, {
    method: 'post',
    path: '/api/points/adjustments/:id/decision',
    capability: 'points.approve',
    tag: 'points',
    summary: 'Approve or reject a pending adjustment (never one’s own)',
    params: idParams,
    body: decideAdjustmentRequest,
    response: adjustmentView,
    handler: ({ auth, params, body }) => decideAdjustment(auth, params.id, body.decision)
  });

  route.staff(router, {
    method: 'get',
    path: '/api/points/liability',
    capability: 'points.manage',
    tag: 'points',
    summary: 'Points liability: outstanding points × value per point',
    query: dealershipQuery,
    response: liabilityView,
    handler: ({ auth, query }) => liabilityOf(oneDealership(auth, query.dealershipId))
  });

  route.staff(router, {
    method: 'get',
    path: '/api/points/reconciliation',
    capability: 'points.manage',
    tag: 'points',
    summary: 'The daily reconciliation report: balances against entries and lots, drift, liability',
    query: reconciliationQuery,
    response: reconciliationView,
    handler: ({ auth, query }) => reconciliationReport(oneDealership(auth, query.dealershipId), query.date)
  });
}
