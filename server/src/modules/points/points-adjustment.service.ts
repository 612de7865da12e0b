import { Types, type FilterQuery } from 'mongoose';
import type { z } from 'zod';
import type { AdjustmentView, adjustmentListQuery, createAdjustmentRequest } from '@dealer/shared';
import type { StaffAuth } from '../../http/auth-context';
import { dealershipScope, mayActOn, oneDealership } from '../../http/dealership-scope';
import { clock } from '../../lib/clock';
import { conflict, forbidden, isDuplicateKeyError, notFound } from '../../lib/errors';
import { Customer } from '../customers/customer.model';
import { post } from './ledger-lane';
import { AdjustmentDecision, PointsAdjustment, type PointsAdjustmentDoc } from './points-adjustment.model';
import { expiryFor, rulesOf } from './points-rules.service';

/** Manual adjustments: a reason always; above the dealership's threshold, a second manager approves. */

type AdjustmentRecord = PointsAdjustmentDoc & { _id: Types.ObjectId };

function present(a: AdjustmentRecord): AdjustmentView {
  return {
    id: String(a._id),
    dealershipId: String(a.dealershipId),
    customerId: String(a.customerId),
    customerName: a.customerName ?? '',
    points: a.points,
    reason: a.reason,
    status: a.status as AdjustmentView['status'],
    requestedBy: { id: String(a.requestedBy.id), name: a.requestedBy.name },
    decidedBy: a.decidedBy ? { id: String(a.decidedBy.id), name: a.decidedBy.name } : null,
    requestedAt: a.requestedAt.toISOString(),
    decidedAt: a.decidedAt ? a.decidedAt.toISOString() : null
  };
}

/** Writes the adjustment's entry (once: keyed by the adjustment); a debit beyond the balance is refused. */
async function apply(
  a: Pick<AdjustmentRecord, '_id' | 'dealershipId' | 'customerId' | 'points' | 'reason'>,
  by: StaffAuth
) {
  const dealershipId = String(a.dealershipId);
  const rules = await rulesOf(dealershipId);
  await post(
    { accountId: String(a.customerId), dealershipId },
    {
      kind: 'adjust',
      source: 'manual',
      reason: `人工调整：${a.reason}`,
      change:
        a.points > 0
          ? { type: 'credit', points: a.points, expiresOn: expiryFor(rules, clock.now()) }
          : { type: 'debit', points: -a.points },
      sourceKey: `${dealershipId}:adjust:${String(a._id)}`,
      by: { id: by.staffId, name: by.name }
    }
  );
}

export async function requestAdjustment(auth: StaffAuth, input: z.output<typeof createAdjustmentRequest>) {
  const dealershipId = oneDealership(auth, input.dealershipId);
  const customer = await Customer.findOne(
    { _id: new Types.ObjectId(input.customerId), dealershipId: new Types.ObjectId(dealershipId) },
    { _id: 1, name: 1 }
  ).lean();
  if (!customer) throw notFound('客户档案', 'CUSTOMER_NOT_FOUND');
  const rules = await rulesOf(dealershipId);
  const now = clock.now();
  const adjustment = {
    _id: new Types.ObjectId(),
    dealershipId: new Types.ObjectId(dealershipId),
    customerId: customer._id,
    customerName: customer.name,
    points: input.direction === 'credit' ? input.points : -input.points,
    reason: input.reason,
    requestedBy: { id: new Types.ObjectId(auth.staffId), name: auth.name },
    requestedAt: now
  };
  const needsApproval = input.points > rules.approvalThreshold;
  if (!needsApproval) await apply(adjustment, auth);
  const created = await PointsAdjustment.create({
    ...adjustment,
    status: needsApproval ? 'pending' : 'applied',
    decidedBy: needsApproval ? null : adjustment.requestedBy,
    decidedAt: needsApproval ? null : now
  });
  return present(created.toObject());
}

export async function listAdjustments(auth: StaffAuth, query: z.output<typeof adjustmentListQuery>) {
  const dealershipId = dealershipScope(auth, query.dealershipId);
  const filter: FilterQuery<PointsAdjustmentDoc> = {};
  if (dealershipId) filter.dealershipId = new Types.ObjectId(dealershipId);
  if (query.status) filter.status = query.status;
  const [items, total] = await Promise.all([
    PointsAdjustment.find(filter)
      .sort({ requestedAt: -1 })
      .skip((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .lean(),
    PointsAdjustment.countDocuments(filter)
  ]);
  return { items: items.map(present), total, page: query.page, pageSize: query.pageSize };
}

/** Approve or reject a pending adjustment: never one's own; decided once (a unique decision record). */
export async function decideAdjustment(auth: StaffAuth, id: string, decision: 'approve' | 'reject') {
  const adjustment = await PointsAdjustment.findById(id).lean();
  if (!adjustment || !mayActOn(auth, String(adjustment.dealershipId)))
    throw notFound('调整申请', 'ADJUSTMENT_NOT_FOUND');
  if (adjustment.status !== 'pending') throw conflict('ADJUSTMENT_DECIDED', '该调整已处理');
  if (String(adjustment.requestedBy.id) === auth.staffId)
    throw forbidden('不能审批自己提交的调整', 'SELF_APPROVAL');
  try {
    await AdjustmentDecision.create({
      _id: adjustment._id,
      decision,
      staffId: new Types.ObjectId(auth.staffId),
      at: clock.now()
    });
  } catch (err) {
    if (isDuplicateKeyError(err)) throw conflict('ADJUSTMENT_DECIDED', '该调整已处理');
    throw err;
  }
  if (decision === 'approve') {
    try {
      await apply(adjustment, auth);
    } catch (err) {
      await AdjustmentDecision.deleteOne({ _id: adjustment._id });
      throw err;
    }
  }
  const decided = {
    status: decision === 'approve' ? ('applied' as const) : ('rejected' as const),
    decidedBy: { id: new Types.ObjectId(auth.staffId), name: auth.name },
    decidedAt: clock.now()
  };
  await PointsAdjustment.updateOne({ _id: adjustment._id, status: 'pending' }, { $set: decided });
  return present({ ...adjustment, ...decided });
}
