import mongoose, { Schema, Types } from 'mongoose';
import { clock } from '../../lib/clock';
import { readHead } from './points-ledger';
import { PointsAccount, PointsEntry } from './points-ledger.model';
import { nextExpiryOf, sumOfLots } from './points-lots';
import { rulesOf } from './points-rules.service';
import { op } from '../../lib/query';

/**
 * The nightly check: for every account, balance = sum of its entries = sum of its lots, and
 * the sequence has no gap. Drift is written to the day's report, which managers read
 * (`GET /api/points/reconciliation`); the account hints are corrected on the way.
 */
const driftSchema = new Schema(
  {
    customerId: { type: Schema.Types.ObjectId, required: true },
    balance: { type: Number, required: true },
    sumOfEntries: { type: Number, required: true },
    lots: { type: Number, required: true },
    problem: { type: String, required: true }
  },
  { _id: false }
);
const reconciliationSchema = new Schema(
  {
    /** `<dealershipId>:<date>`: one report per dealership and day (a rerun replaces it). */
    _id: { type: String, required: true },
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    date: { type: String, required: true },
    checkedAccounts: { type: Number, required: true },
    outstandingPoints: { type: Number, required: true },
    liabilityFen: { type: Number, required: true },
    drift: { type: [driftSchema], default: [] },
    checkedAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'points_reconciliations' }
);
// A dealership's latest reports.
reconciliationSchema.index({ dealershipId: 1, date: -1 });
export const PointsReconciliation = mongoose.model('PointsReconciliation', reconciliationSchema);

const PARALLEL = 8;

export async function reconcileDealership(dealershipId: string, date: string) {
  const dealer = new Types.ObjectId(dealershipId);
  const sums = await PointsEntry.aggregate<{ _id: Types.ObjectId; sum: number; count: number }>([
    { $match: { dealershipId: dealer } },
    { $group: { _id: '$accountId', sum: { $sum: '$delta' }, count: { $sum: 1 } } }
  ]);
  const sumOf = new Map(sums.map((s) => [String(s._id), s]));
  const accounts = await PointsAccount.find({ dealershipId: dealer }, { _id: 1 }).lean();
  const drift: Array<{
    customerId: Types.ObjectId;
    balance: number;
    sumOfEntries: number;
    lots: number;
    problem: string;
  }> = [];
  let outstanding = 0;
  const queue = [...accounts];
  const worker = async () => {
    for (let a = queue.shift(); a; a = queue.shift()) {
      const ref = { accountId: String(a._id), dealershipId };
      const head = await readHead(ref);
      const sum = sumOf.get(ref.accountId) ?? { sum: 0, count: 0 };
      const lots = sumOfLots(head.lots);
      const problems = [
        sum.sum !== head.balance && '余额与流水合计不一致',
        lots !== head.balance && '余额与积分批次不一致',
        sum.count !== head.seq && '流水序号不连续',
        (head.balance < 0 || head.lots.some((l) => l.remaining < 0)) && '出现负数'
      ].filter((p): p is string => typeof p === 'string');
      if (problems.length > 0) {
        drift.push({
          customerId: a._id,
          balance: head.balance,
          sumOfEntries: sum.sum,
          lots,
          problem: problems.join('；')
        });
      }
      outstanding += head.balance;
      await PointsAccount.updateOne(
        { _id: a._id, headSeq: op.lte(head.seq) },
        { $set: { headSeq: head.seq, balance: head.balance, nextExpiry: nextExpiryOf(head.lots) } }
      );
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  const rules = await rulesOf(dealershipId);
  const report = {
    dealershipId: dealer,
    date,
    checkedAccounts: accounts.length,
    outstandingPoints: outstanding,
    liabilityFen: outstanding * rules.valuePerPointFen,
    drift,
    checkedAt: clock.now()
  };
  await PointsReconciliation.updateOne(
    { _id: `${dealershipId}:${date}` },
    { $set: report },
    { upsert: true }
  );
  return report;
}
