import { Types } from 'mongoose';
import { REMINDER_OUTCOME_LABELS, type RemindResponse } from '@dealer/shared';
import type { StaffAuth } from '../../http/auth-context';
import type { Infrastructure } from '../../infrastructure';
import { clock, shanghaiDate } from '../../lib/clock';
import { conflict, isDuplicateKeyError, unprocessable } from '../../lib/errors';
import { holdInstanceLease } from '../../lib/jobs/instance';
import type { DueEventRecord } from '../due/due-event.model';
import { claimNew } from './reminder-claims';
import { deliverReminder } from './reminder-delivery';
import { deliveryEnvOf } from './reminder-run';
import { ReminderSend } from './reminder.model';
import { loadDueEventFor } from './reminder.scope';

/**
 * An advisor pushes a due event's reminder from the workbench. One reminder per occurrence,
 * whoever sends it: the record is a unique insert (`_id` = due event id), so of any number of
 * pushes (and the daily run) exactly one goes out; the others answer 409.
 */
export async function pushReminder(
  auth: StaffAuth,
  dueEventId: string,
  deps: Infrastructure
): Promise<RemindResponse> {
  const event = await loadDueEventFor(auth, dueEventId);
  if (event.controlGroup)
    throw unprocessable('REMINDER_CONTROL_GROUP', '对照组车辆不发送提醒（用于衡量提醒效果）');
  if (!event.current)
    throw unprocessable('DUE_EVENT_REPLACED', '该到期事项已更新（已保养或已续期），请刷新列表');
  const today = shanghaiDate(clock.now());
  if (event.remindFrom > today)
    throw unprocessable('REMINDER_NOT_OPEN', `该事项 ${event.remindFrom} 起进入提醒期，届时再推送`);
  // Beat while delivering, so a run elsewhere never takes this reminder over.
  const release = await holdInstanceLease();
  try {
    await insertReminder(event, auth.staffId);
    if (!(await claimNew([event._id])).has(event._id)) return answer(event._id, null, 'pending', null);
    const result = await deliverReminder(event, deliveryEnvOf(deps));
    return answer(event._id, result.channel, result.outcome, result.errcode);
  } finally {
    await release();
  }
}

async function insertReminder(event: DueEventRecord, staffId: string): Promise<void> {
  try {
    await ReminderSend.create({
      _id: event._id,
      dealershipId: event.dealershipId,
      vehicleId: event.vehicleId,
      customerId: event.customerId,
      advisorId: event.advisorId ?? null,
      type: event.type,
      dueDate: event.dueDate,
      by: 'staff',
      staffId: new Types.ObjectId(staffId),
      channel: null,
      outcome: 'pending',
      errcode: null,
      sentAt: clock.now(),
      finishedAt: null
    });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const earlier = await ReminderSend.findById(event._id, { sentAt: 1, by: 1 }).lean();
    const when = earlier ? shanghaiDate(earlier.sentAt) : '此前';
    const who = earlier?.by === 'run' ? '系统自动提醒' : '顾问推送';
    throw conflict('REMINDER_ALREADY_SENT', `该到期事项已于 ${when} 提醒过（${who}），同一事项只提醒一次`);
  }
}

function answer(
  dueEventId: string,
  channel: RemindResponse['channel'],
  outcome: RemindResponse['outcome'],
  errcode: number | null
): RemindResponse {
  const message =
    outcome === 'inbox' && errcode === 43101
      ? '车主的订阅消息次数已用完，已改发站内消息'
      : REMINDER_OUTCOME_LABELS[outcome];
  return { dueEventId, channel, outcome, errcode, message };
}
