import { Types } from 'mongoose';
import type { z } from 'zod';
import { CALLBACK_KIND_LABELS, CALLBACK_OUTCOME_LABELS, type callbackAttemptRequest } from '@dealer/shared';
import { addDays } from '@dealer/shared/domain/dates';
import type { StaffAuth } from '../../http/auth-context';
import { clock, shanghaiDate } from '../../lib/clock';
import { badRequest, conflict, isDuplicateKeyError, notFound } from '../../lib/errors';
import { logContact } from '../contacts/contact.service';
import { Customer } from '../customers/customer.model';
import { aftercareSettingsOf } from './aftercare-settings.service';
import { Callback, CallbackAttempt, type CallbackDoc } from './callback.model';
import { loadCallbackFor, presentMany } from './callback.service';
import { openComplaint } from './complaint.service';

type AttemptInput = z.infer<typeof callbackAttemptRequest>;

/** A claimed call as stored (`<callbackId>#<n>`): what it changes and the complaint it opens. */
interface ClaimedCall {
  _id: string;
  attempt: number;
  outcome: string;
  note?: string | null;
  staffId: Types.ObjectId;
  staffName?: string | null;
  complaint?: { category?: string | null; text?: string | null } | null;
  contactId: Types.ObjectId;
  set: Record<string, unknown>;
}

/** The call in the archive's contact log (once: the id is the attempt's). */
async function logCall(auth: StaffAuth, callback: CallbackDoc, call: ClaimedCall) {
  try {
    await logContact(
      auth,
      { _id: callback.customerId, dealershipId: callback.dealershipId },
      {
        channel: 'phone',
        purpose: CALLBACK_KIND_LABELS[callback.kind as keyof typeof CALLBACK_KIND_LABELS],
        outcome: CALLBACK_OUTCOME_LABELS[call.outcome as keyof typeof CALLBACK_OUTCOME_LABELS],
        note: call.note ?? undefined
      },
      call.contactId
    );
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
  }
}

/** Whether a stored call is this request again (the same staff member, outcome, note and complaint). */
function isSameCall(call: ClaimedCall, auth: StaffAuth, input: AttemptInput): boolean {
  return (
    String(call.staffId) === auth.staffId &&
    call.outcome === input.outcome &&
    (call.note ?? '') === (input.note ?? '') &&
    (call.complaint?.category ?? null) === (input.complaint?.category ?? null) &&
    (call.complaint?.text ?? null) === (input.complaint?.text ?? null)
  );
}

/**
 * Finishes a claimed call, whoever claimed it: first the complaint it asks for (once-only by
 * its key `callback:<id>`), then the callback's change with the complaint's id. Both steps
 * repeat harmlessly, so a retry, a second caller or a rerun after a crash at any point ends
 * with the callback closed and exactly one complaint.
 */
async function finishCall(callback: CallbackDoc, call: ClaimedCall): Promise<void> {
  let complaintId: Types.ObjectId | null = null;
  if (call.complaint?.category && call.complaint.text) {
    const customer = await Customer.findById(callback.customerId).lean();
    if (!customer) throw notFound('客户档案', 'CUSTOMER_NOT_FOUND');
    const complaint = await openComplaint({
      key: `callback:${callback._id}`,
      customer,
      source: 'callback',
      visitKey: callback.visit.key,
      category: call.complaint.category,
      text: call.complaint.text,
      by: `staff:${String(call.staffId)}`,
      byName: call.staffName ?? ''
    });
    complaintId = complaint._id;
  }
  await Callback.updateOne(
    { _id: callback._id, attempts: call.attempt - 1 },
    { $set: complaintId ? { ...call.set, complaintId } : call.set }
  );
  // A callback closed by an earlier version of this step without the link gets it now.
  if (complaintId)
    await Callback.updateOne({ _id: callback._id, complaintId: null }, { $set: { complaintId } });
}

const viewOf = async (auth: StaffAuth, id: string) =>
  (await presentMany([await loadCallbackFor(auth, id)], null))[0];

/**
 * Logs one call (also in the archive's contact log). Satisfied or issue raised closes the
 * callback; unreachable schedules the next try `callbackRetryDays` later until
 * `callbackMaxAttempts` calls, then closes it as unreachable. The call claims `<id>#<n>` by
 * unique insert, carrying its change and the complaint to open: another staff member's
 * call from the same state answers 409 (after finishing the winner's), while the same
 * request again (a retry, a double tap) finishes it and answers the same 200.
 */
export async function recordCallbackAttempt(auth: StaffAuth, id: string, input: AttemptInput) {
  if (input.complaint && input.outcome !== 'issue')
    throw badRequest('COMPLAINT_NEEDS_ISSUE', '只有结果为「有问题」时才能同时登记投诉');
  const callback = await loadCallbackFor(auth, id);
  if (callback.status !== 'open') {
    const last = await CallbackAttempt.findById(`${callback._id}#${callback.attempts}`).lean<ClaimedCall>();
    if (!last || !isSameCall(last, auth, input)) throw conflict('CALLBACK_CLOSED', '该回访已完成');
    await finishCall(callback, last);
    return viewOf(auth, id);
  }
  const settings = await aftercareSettingsOf(String(callback.dealershipId));
  const now = clock.now();
  const attempt = callback.attempts + 1;
  const retry = input.outcome === 'unreachable' && attempt < settings.callbackMaxAttempts;
  const call: ClaimedCall = {
    _id: `${callback._id}#${attempt}`,
    attempt,
    outcome: input.outcome,
    note: input.note ?? '',
    staffId: new Types.ObjectId(auth.staffId),
    staffName: auth.name,
    complaint: input.complaint ?? null,
    contactId: new Types.ObjectId(),
    set: {
      attempts: attempt,
      lastOutcome: input.outcome,
      lastNote: input.note ?? '',
      status: retry ? 'open' : input.outcome,
      nextAttemptDate: retry ? addDays(shanghaiDate(now), settings.callbackRetryDays) : null,
      updatedAt: now
    }
  };
  try {
    await CallbackAttempt.create({ ...call, callbackId: callback._id, at: now });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const winner = await CallbackAttempt.findById(call._id).lean<ClaimedCall>();
    if (!winner) throw err;
    await finishCall(callback, winner);
    if (!isSameCall(winner, auth, input))
      throw conflict('CALLBACK_ALREADY_LOGGED', '这次回访已由他人登记，请刷新后再试');
    await logCall(auth, callback, winner);
    return viewOf(auth, id);
  }
  await finishCall(callback, call);
  await logCall(auth, callback, call);
  return viewOf(auth, id);
}
