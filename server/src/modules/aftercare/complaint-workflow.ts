import type { ComplaintStatus } from '@dealer/shared';
import { COMPLAINT_STATUS_LABELS } from '@dealer/shared';
import { clock } from '../../lib/clock';
import { conflict, isDuplicateKeyError, unprocessable } from '../../lib/errors';
import { Complaint, ComplaintEvent, type ComplaintDoc } from './complaint.model';

export type ComplaintAction =
  'acknowledge' | 'start' | 'resolve' | 'note' | 'assign' | 'confirm' | 'reopen' | 'escalated';

const OPEN: readonly ComplaintStatus[] = ['new', 'acknowledged', 'in_progress', 'reopened'];
const NOT_CLOSED: readonly ComplaintStatus[] = [...OPEN, 'resolved'];

/** The state machine: from which statuses an action may be taken, and where it leads (null: stays). */
export const TRANSITIONS: Record<
  ComplaintAction,
  { from: readonly ComplaintStatus[]; to: ComplaintStatus | null }
> = {
  acknowledge: { from: ['new', 'reopened'], to: 'acknowledged' },
  start: { from: ['acknowledged'], to: 'in_progress' },
  resolve: { from: ['acknowledged', 'in_progress'], to: 'resolved' },
  note: { from: NOT_CLOSED, to: null },
  assign: { from: NOT_CLOSED, to: null },
  confirm: { from: ['resolved'], to: 'closed' },
  reopen: { from: ['resolved'], to: 'reopened' },
  escalated: { from: OPEN, to: null }
};

const ACTION_LABELS: Record<ComplaintAction, string> = {
  acknowledge: '受理',
  start: '开始处理',
  resolve: '标记已解决',
  note: '添加内部备注',
  assign: '指派',
  confirm: '确认解决',
  reopen: '重新打开',
  escalated: '升级'
};

export interface ComplaintChange {
  action: ComplaintAction;
  by: string;
  byName: string;
  note?: string;
  internal: boolean;
  set?: Record<string, unknown>;
}

/** 422 with a message naming the status and the action when the machine does not allow it. */
export function assertAllowed(status: ComplaintStatus, action: ComplaintAction): void {
  if (!TRANSITIONS[action].from.includes(status))
    throw unprocessable(
      'COMPLAINT_TRANSITION_REFUSED',
      `投诉当前状态为「${COMPLAINT_STATUS_LABELS[status]}」，不能${ACTION_LABELS[action]}`,
      { status, action }
    );
}

interface EventRecord {
  _id: string;
  complaintId: unknown;
  version: number;
  set: Record<string, unknown>;
}

async function finish(event: EventRecord): Promise<void> {
  await Complaint.updateOne({ _id: event.complaintId, version: event.version - 1 }, { $set: event.set });
}

/**
 * Applies one change once: claims `<id>:<version + 1>` by unique insert, then writes the
 * fields. A change that loses the race (or meets one left half-way by a crash) finishes the
 * winner's, reloads and checks again, so two acknowledgements at once give one success and
 * one 422 (already acknowledged), never a lost or doubled change.
 */
export async function applyComplaintChange(
  loaded: ComplaintDoc,
  change: ComplaintChange
): Promise<ComplaintDoc> {
  let complaint = loaded;
  for (let round = 0; round < 5; round++) {
    const from = complaint.status as ComplaintStatus;
    assertAllowed(from, change.action);
    const to = TRANSITIONS[change.action].to ?? from;
    const version = complaint.version + 1;
    const now = clock.now();
    const event = {
      _id: `${String(complaint._id)}:${version}`,
      complaintId: complaint._id,
      version,
      set: { ...(change.set ?? {}), status: to, version, updatedAt: now }
    };
    try {
      await ComplaintEvent.create({
        ...event,
        action: change.action,
        by: change.by,
        byName: change.byName,
        fromStatus: from,
        toStatus: to,
        note: change.note ?? '',
        internal: change.internal,
        at: now
      });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      const winner = await ComplaintEvent.findById(event._id).lean<EventRecord>();
      if (winner) await finish(winner);
      const fresh = await Complaint.findById(complaint._id).lean<ComplaintDoc>();
      if (!fresh) throw err;
      complaint = fresh;
      continue;
    }
    await finish(event);
    const done = await Complaint.findById(complaint._id).lean<ComplaintDoc>();
    return done ?? complaint;
  }
  throw conflict('COMPLAINT_BUSY', '投诉正在被他人修改，请稍后重试');
}
