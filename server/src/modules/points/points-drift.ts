import { Types } from 'mongoose';
import { op } from '../../lib/query';
import { Customer } from '../customers/customer.model';
import { createCareTasks } from '../tasks/task.service';

/** Drift tasks name this source instead of a care rule. */
export const POINTS_DRIFT_SOURCE_ID = new Types.ObjectId('00000000000000000000d21f');

export interface DriftFinding {
  customerId: Types.ObjectId;
  balance: number;
  sumOfEntries: number;
  lots: number;
  problem: string;
}

/**
 * Reports the night's drift to the dealership's managers: one unassigned task per drifted
 * account (managers see the dealership's unassigned tasks in their task list), keyed
 * `points-drift:<dealership>:<account>:<day>`, so a rerun of the night reports nothing twice and
 * drift still there tomorrow is reported again tomorrow. Returns the number of findings sent.
 */
export async function reportDrift(
  dealershipId: string,
  date: string,
  drift: readonly DriftFinding[]
): Promise<number> {
  if (drift.length === 0) return 0;
  const names = new Map(
    (await Customer.find({ _id: op.in(drift.map((d) => d.customerId)) }, { name: 1 }).lean()).map((c) => [
      String(c._id),
      c.name
    ])
  );
  const dealer = new Types.ObjectId(dealershipId);
  await createCareTasks(
    drift.map((d) => {
      const name = names.get(String(d.customerId)) ?? '客户';
      return {
        key: `points-drift:${dealershipId}:${String(d.customerId)}:${date}`,
        dealershipId: dealer,
        customerId: d.customerId,
        customerName: name,
        advisorId: null,
        ruleId: POINTS_DRIFT_SOURCE_ID,
        kind: 'points_drift' as const,
        title: '积分账户对账异常',
        note: `${date} 夜间对账：${name}的积分账户${d.problem}（余额 ${d.balance}，流水合计 ${d.sumOfEntries}，批次合计 ${d.lots}），请核查。`,
        occasionDate: date,
        dueDate: date
      };
    })
  );
  return drift.length;
}
