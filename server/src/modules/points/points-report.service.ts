import { Types } from 'mongoose';
import { notFound } from '../../lib/errors';
import { PointsAccount } from './points-ledger.model';
import { PointsReconciliation } from './points-reconcile';
import { rulesOf } from './points-rules.service';

/**
 * The points liability: outstanding points × value per point. Summed over the accounts'
 * balance hints (one number per account, never a sum over the ledger); the nightly
 * reconciliation re-reads every head and corrects a hint a crash left behind.
 */
export async function liabilityOf(dealershipId: string) {
  const dealer = new Types.ObjectId(dealershipId);
  const [row] = await PointsAccount.aggregate<{ accounts: number; points: number }>([
    { $match: { dealershipId: dealer } },
    { $group: { _id: null, accounts: { $sum: 1 }, points: { $sum: '$balance' } } }
  ]);
  const rules = await rulesOf(dealershipId);
  const outstandingPoints = row?.points ?? 0;
  return {
    dealershipId,
    accounts: row?.accounts ?? 0,
    outstandingPoints,
    valuePerPointFen: rules.valuePerPointFen,
    liabilityFen: outstandingPoints * rules.valuePerPointFen
  };
}

/** The day's reconciliation report (the latest when no day is named). */
export async function reconciliationReport(dealershipId: string, date?: string) {
  const dealer = new Types.ObjectId(dealershipId);
  const report = await PointsReconciliation.findOne(
    date ? { dealershipId: dealer, date } : { dealershipId: dealer }
  )
    .sort({ date: -1 })
    .lean();
  if (!report) throw notFound('对账报告', 'RECONCILIATION_NOT_FOUND');
  return {
    dealershipId,
    date: report.date,
    checkedAccounts: report.checkedAccounts,
    outstandingPoints: report.outstandingPoints,
    liabilityFen: report.liabilityFen,
    drift: report.drift.map((d) => ({
      customerId: String(d.customerId),
      balance: d.balance,
      sumOfEntries: d.sumOfEntries,
      lots: d.lots,
      problem: d.problem
    })),
    checkedAt: report.checkedAt.toISOString()
  };
}
