import { Types, type FilterQuery } from 'mongoose';
import type { z } from 'zod';
import type { dispatchListQuery, dispatchView } from '@dealer/shared';
import { op } from '../../lib/query';
import {
  CareDispatch,
  DispatchResult,
  OpenDispatch,
  type DispatchDoc,
  type ResultDoc
} from './care-dispatch.model';
import { CareRule } from './care-rule.model';

type View = z.infer<typeof dispatchView>;
type Query = z.infer<typeof dispatchListQuery>;
type Dispatch = DispatchDoc & { _id: string };
type Result = ResultDoc & { _id: string };

/** Dispatches with their current status: the result when finished, else `pending`. */
export async function withStatus(dispatches: Dispatch[]) {
  const results = dispatches.length
    ? await DispatchResult.find({ _id: op.in(dispatches.map((d) => d._id)) }).lean<Result[]>()
    : [];
  const byId = new Map(results.map((r) => [r._id, r]));
  return dispatches.map((d) => {
    const r = byId.get(d._id);
    return {
      ...d,
      status: (r?.status ?? 'pending') as View['status'],
      reason: r?.reason ?? null,
      errcode: r?.errcode ?? null,
      errmsg: r?.errmsg ?? null,
      attempts: r?.attempts ?? 0,
      sentAt: r?.sentAt ?? null
    };
  });
}

/** Dispatches matching a filter, with status (tests and operators). */
export async function dispatchesWithStatus(filter: FilterQuery<DispatchDoc>) {
  return withStatus(await CareDispatch.find(filter).sort({ createdAt: 1, _id: 1 }).lean<Dispatch[]>());
}

type WithStatus = Awaited<ReturnType<typeof withStatus>>[number];

function present(d: WithStatus, ruleNames: Map<string, string>): View {
  return {
    id: d._id,
    ruleId: d.ruleId ? String(d.ruleId) : null,
    // A one-off message (no rule) is named by its title, e.g. 预约成功.
    ruleName: d.ruleId ? (ruleNames.get(String(d.ruleId)) ?? '') : d.title,
    customer: { id: String(d.customerId), name: d.customerName },
    occasion: d.occasion,
    occasionDate: d.occasionDate,
    runDate: d.runDate,
    channel: d.channel,
    status: d.status,
    reason: d.reason,
    errcode: d.errcode,
    errmsg: d.errmsg,
    attempts: d.attempts,
    sendAt: d.sendAt.toISOString(),
    sentAt: d.sentAt ? d.sentAt.toISOString() : null
  };
}

/**
 * The dispatch log of a dealership, by day and status. A status filter reads the results
 * (or the open list for `pending`) and then the dispatches of that page.
 */
export async function listDispatches(dealershipId: string, q: Query) {
  const scope: Record<string, unknown> = {
    dealershipId: new Types.ObjectId(dealershipId),
    ...(q.date ? { runDate: q.date } : {})
  };
  const skip = (q.page - 1) * q.pageSize;
  let page: Dispatch[];
  let total: number;
  if (q.status) {
    const [ids, count] =
      q.status === 'pending'
        ? await Promise.all([
            OpenDispatch.find(scope, { _id: 1 })
              .sort({ runDate: -1, _id: 1 })
              .skip(skip)
              .limit(q.pageSize)
              .lean<Array<{ _id: string }>>(),
            OpenDispatch.countDocuments(scope)
          ])
        : await Promise.all([
            DispatchResult.find({ ...scope, status: q.status }, { _id: 1 })
              .sort({ runDate: -1, _id: 1 })
              .skip(skip)
              .limit(q.pageSize)
              .lean<Array<{ _id: string }>>(),
            DispatchResult.countDocuments({ ...scope, status: q.status })
          ]);
    const docs = new Map(
      (await CareDispatch.find({ _id: op.in(ids.map((i) => i._id)) }).lean<Dispatch[]>()).map((d) => [
        d._id,
        d
      ])
    );
    page = ids.flatMap((i) => docs.get(i._id) ?? []);
    total = count;
  } else {
    [page, total] = await Promise.all([
      CareDispatch.find(scope)
        .sort({ runDate: -1, createdAt: -1, _id: 1 })
        .skip(skip)
        .limit(q.pageSize)
        .lean<Dispatch[]>(),
      CareDispatch.countDocuments(scope)
    ]);
  }
  const rows = await withStatus(page);
  const rules = await CareRule.find(
    {
      _id: op.in(
        [...new Set(rows.flatMap((r) => (r.ruleId ? [String(r.ruleId)] : [])))].map(
          (id) => new Types.ObjectId(id)
        )
      )
    },
    { name: 1 }
  ).lean();
  const names = new Map(rules.map((r) => [String(r._id), r.name]));
  return { items: rows.map((r) => present(r, names)), total, page: q.page, pageSize: q.pageSize };
}
