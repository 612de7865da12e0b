import { Types } from 'mongoose';
import type { z } from 'zod';
import type { completeTaskRequest, TaskKind } from '@dealer/shared';
import type { StaffAuth } from '../../http/auth-context';
import { clock } from '../../lib/clock';
import { conflict, isDuplicateKeyError, notFound } from '../../lib/errors';
import { insertManyUnique } from '../../lib/jobs/unique-insert';
import { logContact } from '../contacts/contact.service';
import { loadCustomerFor } from '../customers/customer.scope';
import { Task, TaskCompletion, type TaskDoc } from './task.model';
import { taskScope } from './task.policy';

const STALE_CLOSE_MS = 60_000;

export interface NewCareTask {
  key: string;
  dealershipId: Types.ObjectId;
  customerId: Types.ObjectId;
  customerName: string;
  advisorId: Types.ObjectId | null;
  /** The care rule that made it; null for tasks of other modules (service reminders). */
  ruleId: Types.ObjectId | null;
  kind: TaskKind;
  title: string;
  note: string;
  occasionDate: string;
  dueDate: string;
}

/** Creates care tasks; a key that exists already is left as it is (once-only). */
export async function createCareTasks(tasks: readonly NewCareTask[]): Promise<void> {
  const now = clock.now();
  await insertManyUnique(
    Task,
    tasks.map((t) => ({
      _id: new Types.ObjectId(),
      ...t,
      status: 'open',
      outcome: null,
      contactId: null,
      doneBy: null,
      doneAt: null,
      createdAt: now
    }))
  );
}

function presentTask(t: TaskDoc & { _id: Types.ObjectId }) {
  return {
    id: String(t._id),
    kind: t.kind as TaskKind,
    title: t.title,
    note: t.note ?? '',
    customer: { id: String(t.customerId), name: t.customerName },
    advisorId: t.advisorId ? String(t.advisorId) : null,
    occasionDate: t.occasionDate,
    dueDate: t.dueDate,
    status: t.status as 'open' | 'done',
    outcome: t.outcome ?? null,
    doneAt: t.doneAt ? t.doneAt.toISOString() : null,
    createdAt: t.createdAt.toISOString()
  };
}

export async function listTasks(
  auth: StaffAuth,
  q: { status: 'open' | 'done'; dealershipId?: string; page: number; pageSize: number }
) {
  const filter = { ...taskScope(auth, q.dealershipId), status: q.status };
  const [rows, total] = await Promise.all([
    Task.find(filter)
      .sort({ dueDate: 1, _id: 1 })
      .skip((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .lean(),
    Task.countDocuments(filter)
  ]);
  return { items: rows.map(presentTask), total, page: q.page, pageSize: q.pageSize };
}

/**
 * Marks a task done and logs the contact in the archive. The completion record is a unique
 * insert, so a double tap logs one contact; a retry after a crash finishes the close. The
 * contact carries the task's id, so even several retries finishing the same stopped close
 * at once log it once (the others meet the duplicate key).
 */
export async function completeTask(
  auth: StaffAuth,
  taskId: string,
  input: z.infer<typeof completeTaskRequest>
) {
  const _id = new Types.ObjectId(taskId);
  const task = await Task.findOne({ ...taskScope(auth), _id }).lean();
  if (!task) throw notFound('任务', 'TASK_NOT_FOUND');
  if (task.status === 'done') throw alreadyDone();
  try {
    await TaskCompletion.create({
      _id,
      staffId: new Types.ObjectId(auth.staffId),
      contactId: null,
      at: clock.now()
    });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const done = await TaskCompletion.findById(_id).lean();
    if (done?.contactId) {
      await closeTask(_id, done.staffId, done.contactId, input.outcome);
      throw alreadyDone();
    }
    // A close in progress (a double tap) wins; one that stopped half-way is finished here.
    if (!done || clock.now().getTime() - done.at.getTime() < STALE_CLOSE_MS) throw alreadyDone();
  }
  const customer = await loadCustomerFor(auth, String(task.customerId));
  try {
    await logContact(
      auth,
      customer,
      { channel: input.channel, purpose: 'care', outcome: input.outcome, note: input.note },
      _id
    );
  } catch (err) {
    if (isDuplicateKeyError(err)) throw alreadyDone();
    throw err;
  }
  await TaskCompletion.updateOne({ _id }, { $set: { contactId: _id } });
  await closeTask(_id, new Types.ObjectId(auth.staffId), _id, input.outcome);
  const closed = await Task.findById(_id).lean();
  if (!closed) throw notFound('任务', 'TASK_NOT_FOUND');
  return presentTask(closed);
}

const alreadyDone = () => conflict('TASK_ALREADY_DONE', '该任务已完成');

async function closeTask(
  _id: Types.ObjectId,
  staffId: Types.ObjectId,
  contactId: Types.ObjectId,
  outcome: string
): Promise<void> {
  await Task.updateOne(
    { _id, status: 'open' },
    { $set: { status: 'done', outcome, contactId, doneBy: staffId, doneAt: clock.now() } }
  );
}
