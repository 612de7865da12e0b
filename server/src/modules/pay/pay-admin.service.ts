import { Types } from 'mongoose';
import type { PayOrderState, PayReconciliationResponse } from '@dealer/shared';
import type { StaffAuth } from '../../http/auth-context';
import { dealershipScope } from '../../http/dealership-scope';
import { op } from '../../lib/query';
import { Customer } from '../customers/customer.model';
import { PayAnomaly, PayOrder, PayReconcileRun } from './pay-order.model';
import { presentOrder } from './pay.present';

/** The manager's views: orders with their payment state, and what reconciliation found. */

const scopeFilter = (auth: StaffAuth, dealershipId?: string) => {
  const scope = dealershipScope(auth, dealershipId);
  return scope ? { dealershipId: new Types.ObjectId(scope) } : {};
};

export async function listOrders(
  auth: StaffAuth,
  query: { dealershipId?: string; state?: PayOrderState; page: number; pageSize: number }
) {
  const filter = { ...scopeFilter(auth, query.dealershipId), ...(query.state ? { state: query.state } : {}) };
  const [orders, total] = await Promise.all([
    PayOrder.find(filter)
      .sort({ createdAt: -1 })
      .skip((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .lean(),
    PayOrder.countDocuments(filter)
  ]);
  const customers = await Customer.find(
    { _id: op.in(orders.map((o) => o.customerId)) },
    { name: 1, mobile: 1 }
  ).lean();
  const byId = new Map(customers.map((c) => [String(c._id), c]));
  return {
    items: orders.map((o) => {
      const c = byId.get(String(o.customerId));
      return {
        ...presentOrder(o),
        owner: {
          customerId: String(o.customerId),
          name: c?.name ?? '',
          mobileTail: c?.mobile ? c.mobile.slice(-4) : null
        }
      };
    }),
    total,
    page: query.page,
    pageSize: query.pageSize
  };
}

export async function reconciliationView(
  auth: StaffAuth,
  dealershipId?: string
): Promise<PayReconciliationResponse> {
  const filter = scopeFilter(auth, dealershipId);
  const [anomalies, pendingOrders, lastRun] = await Promise.all([
    // Notifications for unknown orders name no dealership: only a group admin (no scope) sees them.
    PayAnomaly.find(filter).sort({ at: -1 }).limit(200).lean(),
    PayOrder.countDocuments({ ...filter, state: 'pending' }),
    PayReconcileRun.findById('last').lean()
  ]);
  return {
    anomalies: anomalies.map((a) => ({
      id: a._id,
      kind: a.kind,
      outTradeNo: a.outTradeNo,
      orderId: a.orderId ? String(a.orderId) : null,
      amountFen: a.amountFen ?? null,
      expectedFen: a.expectedFen ?? null,
      transactionId: a.transactionId ?? null,
      at: a.at.toISOString()
    })),
    pendingOrders,
    lastRun: lastRun
      ? {
          at: lastRun.at.toISOString(),
          queried: lastRun.queried,
          fulfilled: lastRun.fulfilled,
          closed: lastRun.closed
        }
      : null
  };
}
