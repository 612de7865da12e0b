import { Types } from 'mongoose';
import type { z } from 'zod';
import type { dispatchListQuery, dispatchView } from '@dealer/shared';
import { op } from '../../lib/query';
import { CareDispatch, type DispatchDoc } from './care-dispatch.model';
import { CareRule } from './care-rule.model';

type View = z.infer<typeof dispatchView>;
type Query = z.infer<typeof dispatchListQuery>;

function presentDispatch(d: DispatchDoc, ruleNames: Map<string, string>): View {
  return {
    id: d._id,
    ruleId: String(d.ruleId),
    ruleName: ruleNames.get(String(d.ruleId)) ?? '',
    customer: { id: String(d.customerId), name: d.customerName },
    occasion: d.occasion,
    occasionDate: d.occasionDate,
    runDate: d.runDate,
    channel: d.channel,
    status: d.status as View['status'],
    reason: d.reason ?? null,
    errcode: d.errcode ?? null,
    errmsg: d.errmsg ?? null,
    attempts: d.attempts ?? 0,
    sendAt: d.sendAt.toISOString(),
    sentAt: d.sentAt ? d.sentAt.toISOString() : null
  };
}

/** The dispatch log of a dealership: by day, status and rule, newest first. */
export async function listDispatches(dealershipId: string, q: Query) {
  const filter: Record<string, unknown> = { dealershipId: new Types.ObjectId(dealershipId) };
  if (q.date) filter.runDate = q.date;
  if (q.status) filter.status = q.status;
  if (q.ruleId) filter.ruleId = new Types.ObjectId(q.ruleId);
  const [rows, total] = await Promise.all([
    CareDispatch.find(filter).sort({ runDate: -1, createdAt: -1, _id: 1 }).skip((q.page - 1) * q.pageSize).limit(q.pageSize).lean<DispatchDoc[]>(),
    CareDispatch.countDocuments(filter)
  ]);
  const rules = await CareRule.find({ _id: op.in([...new Set(rows.map((r) => String(r.ruleId)))].map((id) => new Types.ObjectId(id))) }, { name: 1 }).lean();
  const names = new Map(rules.map((r) => [String(r._id), r.name]));
  return { items: rows.map((r) => presentDispatch(r, names)), total, page: q.page, pageSize: q.pageSize };
}
