import { Types } from 'mongoose';
import { clock } from '../../lib/clock';
import type { JobContext } from '../../lib/jobs/define';
import { op } from '../../lib/query';
import { createCareTasks } from '../tasks/task.service';
import { Complaint, type ComplaintDoc } from './complaint.model';
import { applyComplaintChange } from './complaint-workflow';

/** Escalation tasks name this source instead of a care rule. */
export const COMPLAINT_SOURCE_ID = new Types.ObjectId('00000000000000000000c0a1');

const STAGES = [
  { stage: 'ack', statuses: ['new', 'reopened'], due: 'ackDueAt', flag: 'ackEscalated', label: '受理' },
  {
    stage: 'resolve',
    statuses: ['new', 'reopened', 'acknowledged', 'in_progress'],
    due: 'resolveDueAt',
    flag: 'resolveEscalated',
    label: '解决'
  }
] as const;

/**
 * Complaints past their acknowledge or resolve deadline go to the manager: a task in the
 * dealership's list (unassigned, so managers see it; key `escalation:<id>:<stage>:<due>`,
 * once-only) and the complaint is flagged escalated with a history entry (a versioned
 * change, once-only too). Runs every five minutes; `now` is the job clock.
 */
export async function escalateOverdueComplaints(ctx: JobContext): Promise<void> {
  const now = clock.now();
  for (const s of STAGES) {
    const overdue = await Complaint.find({
      status: op.in([...s.statuses]),
      [s.flag]: false,
      [s.due]: op.lte(now)
    })
      .limit(1000)
      .lean<ComplaintDoc[]>();
    for (const c of overdue) {
      try {
        const dueAt = c[s.due];
        await createCareTasks([
          {
            key: `escalation:${String(c._id)}:${s.stage}:${dueAt.getTime()}`,
            dealershipId: c.dealershipId,
            customerId: c.customerId,
            customerName: c.customerName,
            advisorId: null,
            ruleId: COMPLAINT_SOURCE_ID,
            kind: 'complaint_escalation',
            title: `投诉超时未${s.label}`,
            note: `${c.customerName}（${c.tier ?? '未分级'}类客户）的投诉已超过${s.label}时限：${c.text.slice(0, 60)}`,
            occasionDate: dueAt.toISOString().slice(0, 10),
            dueDate: now.toISOString().slice(0, 10)
          }
        ]);
        await applyComplaintChange(c, {
          action: 'escalated',
          by: 'system',
          byName: '系统',
          note: `超过${s.label}时限，已升级给经理`,
          internal: true,
          set: { [s.flag]: true }
        });
        ctx.count(`escalated_${s.stage}`);
      } catch (err) {
        ctx.itemFailed(`complaint ${String(c._id)}`, err);
      }
    }
  }
}
