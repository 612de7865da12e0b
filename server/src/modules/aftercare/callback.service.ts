import type { z } from 'zod';
import type { callbackListQuery, CallbackView } from '@dealer/shared';
import type { StaffAuth } from '../../http/auth-context';
import { clock, shanghaiDate } from '../../lib/clock';
import { notFound } from '../../lib/errors';
import { op } from '../../lib/query';
import { aftercareSettingsOf } from './aftercare-settings.service';
import { callbackScope } from './aftercare.policy';
import { liveFactsOf, type LiveFacts, type RepairOrderFacts } from './callback-live';
import { vehicleTitleOf } from './visit-facts';
import { Callback, type CallbackDoc } from './callback.model';

type ListQuery = z.infer<typeof callbackListQuery>;

/** The repair order's details as they are now, else as an older callback copied them. */
function repairOrderOf(c: CallbackDoc, ro: RepairOrderFacts | undefined) {
  if (ro)
    return {
      serviceType: ro.type,
      roNumber: ro.roNumber,
      amountFen: ro.amountFen,
      advisorName: ro.advisorName ?? null,
      items: [...(ro.items ?? [])]
    };
  return {
    serviceType: c.visit.serviceType ?? null,
    roNumber: c.visit.roNumber ?? null,
    amountFen: c.visit.amountFen ?? null,
    advisorName: c.visit.advisorName ?? null,
    items: [...(c.visit.items ?? [])]
  };
}

function presentCallback(c: CallbackDoc, live: LiveFacts, maxAttempts: number, today: string): CallbackView {
  return {
    id: c._id,
    kind: c.kind as CallbackView['kind'],
    status: c.status as CallbackView['status'],
    dueDate: c.dueDate,
    nextAttemptDate: c.nextAttemptDate ?? null,
    overdue: c.status === 'open' && c.dueDate < today,
    attempts: c.attempts,
    maxAttempts,
    lastOutcome: (c.lastOutcome ?? null) as CallbackView['lastOutcome'],
    lastNote: c.lastNote ?? '',
    customer: {
      id: String(c.customerId),
      name: live.customer?.name ?? c.customerName ?? '',
      mobile: (live.customer ? live.customer.mobile : c.mobile) ?? null,
      tier: ((live.customer ? live.customer.tier : c.tier) ?? null) as CallbackView['customer']['tier'],
      bound: Boolean(live.customer?.ownerId)
    },
    advisorId: c.advisorId ? String(c.advisorId) : null,
    visit: {
      key: c.visit.key,
      date: c.visit.date,
      ...repairOrderOf(c, live.repairOrder),
      plate: live.vehicle ? (live.vehicle.plate ?? null) : (c.visit.plate ?? null),
      vehicleTitle: live.vehicle ? vehicleTitleOf(live.vehicle) : (c.visit.vehicleTitle ?? '')
    },
    complaintId: c.complaintId ? String(c.complaintId) : null,
    createdAt: c.createdAt.toISOString()
  };
}

/** Callbacks with the customer's binding status, the car and the repair order as they are now. */
export async function presentMany(rows: CallbackDoc[], dealershipId: string | null) {
  const liveOf = await liveFactsOf(rows);
  const today = shanghaiDate(clock.now());
  const maxByDealer = new Map<string, number>();
  const items: CallbackView[] = [];
  for (const r of rows) {
    const key = String(r.dealershipId ?? dealershipId);
    if (!maxByDealer.has(key)) maxByDealer.set(key, (await aftercareSettingsOf(key)).callbackMaxAttempts);
    items.push(presentCallback(r, liveOf(r), maxByDealer.get(key) ?? 3, today));
  }
  return items;
}

/**
 * The desk's list. Open: callbacks whose next try has come (today or overdue), key
 * customers (A, then B …) first, then the oldest due; closed: the latest outcomes.
 */
export async function listCallbacks(auth: StaffAuth, q: ListQuery) {
  const today = shanghaiDate(clock.now());
  const filter: Record<string, unknown> = { ...callbackScope(auth, q.dealershipId) };
  if (q.kind) filter.kind = q.kind;
  if (q.status === 'open') {
    filter.status = 'open';
    filter.nextAttemptDate = op.lte(today);
  } else filter.status = op.in(['satisfied', 'issue', 'unreachable']);
  const sort: Record<string, 1 | -1> =
    q.status === 'open' ? { tierRank: 1, nextAttemptDate: 1, _id: 1 } : { updatedAt: -1, _id: 1 };
  const [rows, total] = await Promise.all([
    Callback.find(filter)
      .sort(sort)
      .skip((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .lean<CallbackDoc[]>(),
    Callback.countDocuments(filter)
  ]);
  return {
    items: await presentMany(rows, q.dealershipId ?? null),
    total,
    page: q.page,
    pageSize: q.pageSize
  };
}

export async function loadCallbackFor(auth: StaffAuth, id: string): Promise<CallbackDoc> {
  const c = await Callback.findOne({ ...callbackScope(auth), _id: id }).lean<CallbackDoc>();
  if (!c) throw notFound('回访', 'CALLBACK_NOT_FOUND');
  return c;
}
