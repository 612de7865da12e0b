import { Types } from 'mongoose';
import type { z } from 'zod';
import {
  CALLBACK_KIND_LABELS,
  CALLBACK_OUTCOME_LABELS,
  type callbackAttemptRequest,
  type callbackListQuery,
  type CallbackView
} from '@dealer/shared';
import { addDays } from '@dealer/shared/domain/dates';
import type { StaffAuth } from '../../http/auth-context';
import { clock, shanghaiDate } from '../../lib/clock';
import { badRequest, conflict, isDuplicateKeyError, notFound } from '../../lib/errors';
import { op } from '../../lib/query';
import { logContact } from '../contacts/contact.service';
import { Customer } from '../customers/customer.model';
import { aftercareSettingsOf } from './aftercare-settings.service';
import { callbackScope } from './aftercare.policy';
import { Callback, CallbackAttempt, type CallbackDoc } from './callback.model';
import { openComplaint } from './complaint.service';

type ListQuery = z.infer<typeof callbackListQuery>;
type AttemptInput = z.infer<typeof callbackAttemptRequest>;

function presentCallback(c: CallbackDoc, bound: boolean, maxAttempts: number, today: string): CallbackView {
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
      name: c.customerName,
      mobile: c.mobile ?? null,
      tier: (c.tier ?? null) as CallbackView['customer']['tier'],
      bound
    },
    advisorId: c.advisorId ? String(c.advisorId) : null,
    visit: {
      key: c.visit.key,
      date: c.visit.date,
      serviceType: c.visit.serviceType ?? null,
      roNumber: c.visit.roNumber ?? null,
      amountFen: c.visit.amountFen ?? null,
      advisorName: c.visit.advisorName ?? null,
      items: [...(c.visit.items ?? [])],
      plate: c.visit.plate ?? null,
      vehicleTitle: c.visit.vehicleTitle ?? ''
    },
    complaintId: c.complaintId ? String(c.complaintId) : null,
    createdAt: c.createdAt.toISOString()
  };
}

/** Callbacks with the customer's binding status as it is now. */
async function presentMany(rows: CallbackDoc[], dealershipId: string | null) {
  const customers = rows.length
    ? await Customer.find({ _id: op.in(rows.map((r) => r.customerId)) }, { ownerId: 1 }).lean()
    : [];
  const bound = new Set(customers.filter((c) => c.ownerId).map((c) => String(c._id)));
  const today = shanghaiDate(clock.now());
  const maxByDealer = new Map<string, number>();
  const items: CallbackView[] = [];
  for (const r of rows) {
    const key = String(r.dealershipId ?? dealershipId);
    if (!maxByDealer.has(key)) maxByDealer.set(key, (await aftercareSettingsOf(key)).callbackMaxAttempts);
    items.push(presentCallback(r, bound.has(String(r.customerId)), maxByDealer.get(key) ?? 3, today));
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

async function loadCallbackFor(auth: StaffAuth, id: string): Promise<CallbackDoc> {
  const c = await Callback.findOne({ ...callbackScope(auth), _id: id }).lean<CallbackDoc>();
  if (!c) throw notFound('回访', 'CALLBACK_NOT_FOUND');
  return c;
}

/** The call in the archive's contact log (once: the id is the attempt's). */
async function logCall(
  auth: StaffAuth,
  callback: CallbackDoc,
  input: AttemptInput,
  contactId: Types.ObjectId
) {
  try {
    await logContact(
      auth,
      { _id: callback.customerId, dealershipId: callback.dealershipId },
      {
        channel: 'phone',
        purpose: CALLBACK_KIND_LABELS[callback.kind as keyof typeof CALLBACK_KIND_LABELS],
        outcome: CALLBACK_OUTCOME_LABELS[input.outcome],
        note: input.note
      },
      contactId
    );
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
  }
}

/**
 * Logs one call (also in the archive's contact log). Satisfied or issue raised closes the callback; unreachable schedules the
 * next try `callbackRetryDays` later until `callbackMaxAttempts` calls, then closes it as
 * unreachable. The call claims `<id>#<n>` by unique insert (two taps log one call); with
 * an issue and a complaint given, the complaint is opened in the same step (key
 * `callback:<id>`, once-only).
 */
export async function recordCallbackAttempt(auth: StaffAuth, id: string, input: AttemptInput) {
  if (input.complaint && input.outcome !== 'issue')
    throw badRequest('COMPLAINT_NEEDS_ISSUE', '只有结果为「有问题」时才能同时登记投诉');
  const callback = await loadCallbackFor(auth, id);
  if (callback.status !== 'open') throw conflict('CALLBACK_CLOSED', '该回访已完成');
  const settings = await aftercareSettingsOf(String(callback.dealershipId));
  const now = clock.now();
  const attempt = callback.attempts + 1;
  const retry = input.outcome === 'unreachable' && attempt < settings.callbackMaxAttempts;
  const set: Record<string, unknown> = {
    attempts: attempt,
    lastOutcome: input.outcome,
    lastNote: input.note ?? '',
    status: retry ? 'open' : input.outcome,
    nextAttemptDate: retry ? addDays(shanghaiDate(now), settings.callbackRetryDays) : null,
    updatedAt: now
  };
  const contactId = new Types.ObjectId();
  try {
    await CallbackAttempt.create({
      _id: `${callback._id}#${attempt}`,
      contactId,
      callbackId: callback._id,
      attempt,
      outcome: input.outcome,
      note: input.note ?? '',
      staffId: new Types.ObjectId(auth.staffId),
      set,
      at: now
    });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const winner = await CallbackAttempt.findById(`${callback._id}#${attempt}`).lean();
    if (winner) await Callback.updateOne({ _id: callback._id, attempts: attempt - 1 }, { $set: winner.set });
    throw conflict('CALLBACK_ALREADY_LOGGED', '这次回访已由他人登记，请刷新后再试');
  }
  await Callback.updateOne({ _id: callback._id, attempts: attempt - 1 }, { $set: set });
  await logCall(auth, callback, input, contactId);
  if (input.complaint) {
    const customer = await Customer.findById(callback.customerId).lean();
    if (!customer) throw notFound('客户档案', 'CUSTOMER_NOT_FOUND');
    const complaint = await openComplaint({
      key: `callback:${callback._id}`,
      customer,
      source: 'callback',
      visitKey: callback.visit.key,
      category: input.complaint.category,
      text: input.complaint.text,
      by: `staff:${auth.staffId}`,
      byName: auth.name
    });
    await Callback.updateOne({ _id: callback._id }, { $set: { complaintId: complaint._id } });
  }
  const [view] = await presentMany([await loadCallbackFor(auth, id)], null);
  return view;
}
