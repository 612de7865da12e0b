import type { Types } from 'mongoose';
import type { TaskKind } from '@dealer/shared';
import { notifyOwnersMany } from '../../notices/notice.service';
import { createCareTasks } from '../../tasks/task.service';
import { inboxReason, taskDueDate, type CareEnv, type NewDispatch } from './dispatch';

/** Due now (the list given to `deliver` holds open dispatches only). */
export function isDue(d: Pick<NewDispatch, 'sendAt'>, now: Date): boolean {
  return d.sendAt.getTime() <= now.getTime();
}

/**
 * Delivers due dispatches. Every step is once-only by its own key, so delivering a dispatch
 * again (a rerun, two instances) repeats nothing: advisor tasks (unique task key), inbox
 * notices (unique dedupeKey = dispatch id; always, for bound owners, before any WeChat
 * call), WeChat messages (send claims and consent spends, see sender.ts).
 */
export async function deliver(
  list: readonly NewDispatch[],
  env: Pick<CareEnv, 'now' | 'sender' | 'count'>,
  fresh: ReadonlySet<string> = new Set()
): Promise<void> {
  const due = list.filter((d) => isDue(d, env.now));
  if (due.length === 0) return;
  const sender = env.sender;

  const tasks = due.filter((d) => d.channel === 'advisor_task');
  if (tasks.length) {
    await createCareTasks(
      tasks.map((d) => ({
        key: d._id,
        dealershipId: d.dealershipId,
        customerId: d.customerId,
        customerName: d.customerName,
        advisorId: d.advisorId,
        ruleId: d.ruleId as Types.ObjectId, // advisor tasks are planned by rules only
        kind: d.task as TaskKind,
        title: d.title,
        note: d.body,
        occasionDate: d.occasionDate,
        dueDate: taskDueDate(d.task as TaskKind, d.occasionDate, d.runDate)
      }))
    );
    for (const d of tasks) sender.finish(d, { status: 'task_created' });
  }

  const greetings = due.filter((d) => d.channel !== 'advisor_task' && d.ownerId);
  if (greetings.length) {
    const fresh = await notifyOwnersMany(
      greetings.map((d) => ({
        ownerId: d.ownerId!,
        dealershipId: d.dealershipId,
        customerId: d.customerId,
        kind: 'care',
        title: d.title,
        body: d.body,
        dedupeKey: d._id
      }))
    );
    if (fresh) env.count('notices', fresh);
  }
  const push: NewDispatch[] = [];
  for (const d of greetings) {
    if (d.channel === 'inbox') sender.finish(d, { status: 'inbox_only', reason: inboxReason(d) });
    else if (!d.consent) sender.finish(d, { status: 'inbox_only', reason: 'no_consent' });
    else if (!d.openid) sender.finish(d, { status: 'inbox_only', reason: 'no_binding' });
    else if (!d.data) sender.finish(d, { status: 'failed', reason: 'bad_data', errmsg: d.dataError });
    else push.push(d);
  }
  await sender.submit(push, fresh);
}
