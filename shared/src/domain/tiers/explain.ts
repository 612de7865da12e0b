import { formatFen } from '../amounts';
import { groupLabelZh } from './grouping';
import type { CustomerFeatures } from './inputs';
import type { TierFactor } from './scoring';
import type { TierAssignment, TierReason } from './types';

/**
 * The short Chinese explanation shown beside a tier in the archive, built only from the
 * stored reason so an old explanation reads the same after settings change.
 */

export const TIER_FACTOR_LABELS: Readonly<Record<TierFactor, string>> = {
  avgTicket: '客单价',
  visitCount: '回站次数',
  visitInterval: '平均回站周期',
  contractAmount: '合同金额',
  profit: '利润贡献',
  frequency: '消费频次'
};

function factorValueZh(factor: TierFactor, f: CustomerFeatures): string {
  switch (factor) {
    case 'avgTicket':
      return `¥${formatFen(f.avgPaidTicketFen)}`;
    case 'visitCount':
    case 'frequency':
      return `${f.paidVisitCount} 次`;
    case 'visitInterval':
      return f.avgVisitIntervalDays === null
        ? '无（回站不足 2 次）'
        : `${f.avgVisitIntervalDays.toFixed(1)} 天`;
    case 'contractAmount':
      return `¥${formatFen(f.totalPaidFen)}`;
    case 'profit':
      return `¥${formatFen(f.totalProfitFen)}`;
  }
}

/** Profit is an optional import column; say when part of it is really the amount. */
function factorNoteZh(factor: TierFactor, f: CustomerFeatures): string {
  return factor === 'profit' && f.profitEstimatedOrders > 0
    ? `含 ${f.profitEstimatedOrders} 单按金额计，`
    : '';
}

function factorLinesZh(reason: TierReason, groupSize: number): string[] {
  if (reason.featureScores === null) return [];
  const weights: Readonly<Record<string, number>> = reason.weights;
  const scores: Readonly<Record<string, number>> = reason.featureScores;
  return Object.keys(weights).map((key) => {
    const factor = key as TierFactor;
    const rank = groupSize <= 1 ? '组内无可比客户' : `优于组内 ${scores[key].toFixed(1)}% 的客户`;
    const note = factorNoteZh(factor, reason.features);
    return `${TIER_FACTOR_LABELS[factor]} ${factorValueZh(factor, reason.features)}（${note}${rank}，权重 ${weights[key]}%）`;
  });
}

function ruleLineZh(a: TierAssignment): string | null {
  const { boundary, hysteresis } = a.reason;
  if (boundary === null) return null;
  const rule =
    boundary.mode === 'quota'
      ? `按配额定级，本组 A ${boundary.tierCounts.A} · B ${boundary.tierCounts.B} · C ${boundary.tierCounts.C} · D ${boundary.tierCounts.D} 人，位于前 ${boundary.topPercent.toFixed(1)}%`
      : `按分数线定级（${boundary.cutoffsFrom === 'series' ? '本车系' : '默认'}：A≥${boundary.cutoffs.A} · B≥${boundary.cutoffs.B} · C≥${boundary.cutoffs.C}）`;
  if (hysteresis === null) return rule;
  const unit = boundary.mode === 'quota' ? '个百分点' : '分';
  return `${rule}；本次应为 ${hysteresis.withoutHysteresis} 级，但仍在 ${hysteresis.heldTier} 级边界 ${hysteresis.points} ${unit}缓冲内，保持 ${hysteresis.heldTier} 级`;
}

function computedPartsZh(a: TierAssignment): string[] {
  const { reason } = a;
  if (a.score === null || a.groupKey === null) {
    return [`近 ${reason.lookbackMonths} 个月无有偿维修，定为 ${a.computedTier} 级`];
  }
  const head = `${a.computedTier} 级：综合得分 ${a.score.toFixed(1)}，${groupLabelZh(a.groupKey)} ${a.groupSize} 人中第 ${a.rank} 名`;
  const rule = ruleLineZh(a);
  return [head, ...factorLinesZh(reason, a.groupSize), ...(rule === null ? [] : [rule])];
}

/** E.g. 'A 级：综合得分 92.5，车系 宝马3系 20 人中第 1 名；客单价 ¥1,234.00（优于组内 95.0% 的客户，权重 40%）；…'. */
export function explainTierZh(a: TierAssignment): string {
  const override = a.reason.assignment === 'override' ? a.reason.override : null;
  if (override === null) return computedPartsZh(a).join('；');
  const head = `${override.tier} 级：${override.byName} 手动调整（${override.reason}），${override.expiresAt} 起失效`;
  return [head, `系统计算为 ${computedPartsZh(a).join('；')}`].join('；');
}
