import type { Types } from 'mongoose';
import type { ReminderChannel, ReminderOutcome } from '@dealer/shared';
import { clock, shanghaiDate } from '../../lib/clock';
import { sleep } from '../../lib/jobs/pace';
import type { WechatClient } from '../../lib/wechat/client';
import { Customer } from '../customers/customer.model';
import type { DueEventRecord } from '../due/due-event.model';
import { notifyOwner } from '../notices/notice.service';
import { Owner } from '../owners/owner.model';
import { spendGrants } from '../subscriptions/subscription.service';
import { createCareTasks } from '../tasks/task.service';
import {
  reminderCallTask,
  reminderData,
  reminderNotice,
  reminderPage,
  reminderTemplateOf
} from './reminder-message';
import { ReminderSend } from './reminder.model';

/**
 * Delivers one reminder whose record (`reminder_sends`, outcome pending) exists and whose
 * delivery claim this process holds (reminder-claims.ts). Every step is once-only by the key
 * `reminder:<due event id>`: the consent spend (one grant per key), the inbox notice
 * (dedupeKey), the advisor task (task key). So finishing a reminder a crashed process left
 * pending repeats nothing that already happened, except possibly the WeChat call, decided below.
 *
 *  - not bound → a call task for the advisor (no message can reach the owner);
 *  - bound, a consent left → subscribe message (linking the booking page);
 *    43101 or another refusal → the inbox instead;
 *  - bound, no consent (or no usable template) → the inbox.
 *
 * The crash window (as in care, docs/care.md): a spend held from an earlier attempt means
 * that attempt may have reached WeChat. It is resent only when the owner has no other unspent
 * consent, so WeChat's quota decides: 43101 then means the first call went through (recorded
 * sent). With spare consents a resend could deliver twice: recorded failed, never resent.
 */

export interface DeliveryEnv {
  wechat: WechatClient;
  /** Backoff base for busy answers (-1, 45009, 5xx). */
  retryBaseMs: number;
  maxAttempts: number;
}

export interface DeliveryResult {
  channel: ReminderChannel | null;
  outcome: ReminderOutcome;
  errcode: number | null;
}

export const reminderKey = (dueEventId: string) => `reminder:${dueEventId}`;
const BUSY = new Set([-1, 45009]);

export async function deliverReminder(event: DueEventRecord, env: DeliveryEnv): Promise<DeliveryResult> {
  const result = await decideAndDeliver(event, env);
  await ReminderSend.updateOne(
    { _id: event._id, outcome: 'pending' },
    { $set: { ...result, finishedAt: clock.now() } }
  );
  return result;
}

async function decideAndDeliver(event: DueEventRecord, env: DeliveryEnv): Promise<DeliveryResult> {
  const key = reminderKey(event._id);
  const customer = await Customer.findById(event.customerId, { ownerId: 1 }).lean();
  if (!customer?.ownerId) return callTask(event, key);
  const ownerId = customer.ownerId;
  const inbox = async (errcode: number | null): Promise<DeliveryResult> => {
    await notifyOwner({
      ownerId,
      dealershipId: event.dealershipId,
      customerId: event.customerId,
      kind: 'reminder',
      ...reminderNotice(event),
      dedupeKey: key
    });
    return { channel: 'inbox', outcome: 'inbox', errcode };
  };
  const template = await reminderTemplateOf(String(event.dealershipId));
  const owner = await Owner.findById(ownerId, { openid: 1 }).lean();
  const data = template ? reminderData(event, template) : null;
  if (!template || !owner || !data) return inbox(null);
  const spent = (await spendGrants([{ dispatchId: key, ownerId, templateId: template.templateId }])).get(key);
  if (!spent) return inbox(null);
  const sent: DeliveryResult = { channel: 'subscribe', outcome: 'sent', errcode: null };
  const unknown: DeliveryResult = { channel: 'subscribe', outcome: 'failed', errcode: null };
  // A spend held from before: an earlier attempt may have reached WeChat.
  let inDoubt = spent.resumed;
  if (inDoubt && spent.spare > 0) return unknown;
  for (let attempt = 1; ; attempt++) {
    const r = await env.wechat.sendSubscribeMessage({
      touser: owner.openid,
      templateId: template.templateId,
      page: reminderPage(event),
      data
    });
    if (r.ok) return sent;
    if (r.errcode === 43101) return inDoubt ? sent : inbox(43101);
    const busy = (r.errcode !== null && BUSY.has(r.errcode)) || r.transport === 'http5xx';
    const lost = r.errcode === null && !busy;
    if (lost) {
      inDoubt = true;
      if (spent.spare > 0) return unknown;
    }
    if ((busy || lost) && attempt < env.maxAttempts) {
      await sleep(env.retryBaseMs * 2 ** (attempt - 1));
      continue;
    }
    return lost ? unknown : inbox(r.errcode);
  }
}

async function callTask(event: DueEventRecord, key: string): Promise<DeliveryResult> {
  await createCareTasks([
    {
      key,
      dealershipId: event.dealershipId,
      customerId: event.customerId,
      customerName: event.customerName,
      advisorId: (event.advisorId as Types.ObjectId | null) ?? null,
      ruleId: null,
      kind: 'reminder_call',
      ...reminderCallTask(event),
      occasionDate: event.dueDate,
      // Call today: the reminder is due now and no message could go out.
      dueDate: shanghaiDate(clock.now())
    }
  ]);
  return { channel: 'task', outcome: 'task', errcode: null };
}
