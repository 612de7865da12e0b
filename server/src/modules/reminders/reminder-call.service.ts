import { Types } from 'mongoose';
import { CALL_OUTCOME_LABELS, type CallView, type LogCallRequest } from '@dealer/shared';
import type { StaffAuth } from '../../http/auth-context';
import { clock, shanghaiDate } from '../../lib/clock';
import { badRequest } from '../../lib/errors';
import { logContact } from '../contacts/contact.service';
import { loadCustomerFor } from '../customers/customer.scope';
import { staffNames } from '../customers/customer.present';
import { ReminderCall } from './reminder.model';
import { presentCall } from './reminder.present';
import { loadDueEventFor } from './reminder.scope';

/**
 * An advisor's call about a due event: kept on the event (the workbench's last call) and in
 * the customer's contact log, under the same id.
 */
export async function logReminderCall(
  auth: StaffAuth,
  dueEventId: string,
  input: LogCallRequest
): Promise<CallView> {
  const event = await loadDueEventFor(auth, dueEventId);
  const today = shanghaiDate(clock.now());
  if (input.callBackOn && input.callBackOn < today)
    throw badRequest('VALIDATION_FAILED', '回电日期不能早于今天', {
      issues: [{ path: 'body.callBackOn', message: '回电日期不能早于今天', code: 'too_small' }]
    });
  const customer = await loadCustomerFor(auth, event.customerId);
  const _id = new Types.ObjectId();
  const call = {
    _id,
    dealershipId: event.dealershipId,
    dueEventId: event._id,
    vehicleId: event.vehicleId,
    customerId: event.customerId,
    staffId: new Types.ObjectId(auth.staffId),
    outcome: input.outcome,
    note: input.note,
    callBackOn: input.callBackOn ?? null,
    at: clock.now()
  };
  await ReminderCall.create(call);
  await logContact(
    auth,
    customer,
    { channel: 'phone', purpose: '到期提醒', outcome: CALL_OUTCOME_LABELS[input.outcome], note: input.note },
    _id
  );
  return presentCall(call, auth.name);
}

/** The calls about a due event, newest first. */
export async function listReminderCalls(auth: StaffAuth, dueEventId: string): Promise<{ items: CallView[] }> {
  const event = await loadDueEventFor(auth, dueEventId);
  const calls = await ReminderCall.find({ dueEventId: event._id })
    .sort({ at: -1, _id: -1 })
    .limit(100)
    .lean();
  const names = await staffNames(calls.map((c) => c.staffId));
  return { items: calls.map((c) => presentCall(c, names.get(String(c.staffId)) ?? '')) };
}
