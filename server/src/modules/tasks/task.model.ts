import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { TASK_KINDS, TASK_STATUSES } from '@dealer/shared';

/** An advisor's care touchpoint (quarterly call, holiday visit, win-back call). */
const taskSchema = new Schema(
  {
    /** Once-only: the care dispatch key `<ruleId>:<customerId>:<occasionDate>`. */
    key: { type: String, required: true },
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    customerName: { type: String, required: true },
    /** The customer's advisor when the task was made; null: unassigned (managers see it). */
    advisorId: { type: Schema.Types.ObjectId, default: null },
    ruleId: { type: Schema.Types.ObjectId, default: null },
    kind: { type: String, enum: TASK_KINDS, required: true },
    title: { type: String, required: true },
    note: { type: String, default: '' },
    occasionDate: { type: String, required: true },
    dueDate: { type: String, required: true },
    status: { type: String, enum: TASK_STATUSES, required: true },
    outcome: { type: String, default: null },
    contactId: { type: Schema.Types.ObjectId, default: null },
    doneBy: { type: Schema.Types.ObjectId, default: null },
    doneAt: { type: Date, default: null },
    createdAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'tasks' }
);
// One task per rule, customer and occasion.
taskSchema.index({ key: 1 }, { unique: true });
// An advisor's open tasks.
taskSchema.index({ advisorId: 1, status: 1 });
// A dealership's tasks by status (managers).
taskSchema.index({ dealershipId: 1, status: 1 });

export type TaskDoc = InferSchemaType<typeof taskSchema>;
export const Task = mongoose.model('Task', taskSchema);

/** Closing a task is once-only: `_id` = task id (two taps must not log two contacts). */
const taskCompletionSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    staffId: { type: Schema.Types.ObjectId, required: true },
    contactId: { type: Schema.Types.ObjectId, default: null },
    at: { type: Date, required: true }
  },
  { versionKey: false, collection: 'task_completions' }
);

export const TaskCompletion = mongoose.model('TaskCompletion', taskCompletionSchema);
