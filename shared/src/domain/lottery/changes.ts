/**
 * After publication nothing may change except in the participants' favour (SAMR 规范促销行为
 * 暂行规定): the end may move later, the claim deadline later, stock may grow, a draw may
 * cost fewer points. Everything else, including weights and the per-prize limit (the public
 * verification recomputes every draw with them), stays as published.
 */
import { instantOf as instant } from './time';
import type { CampaignPrize, CampaignTerms } from './types';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep equality of plain data, whatever the key order (stored documents reorder keys). */
function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => same(a[key], b[key]));
  }
  return a === b;
}

function laterOrSame(published: string, proposed: string): boolean {
  const before = instant(published);
  const after = instant(proposed);
  return before !== null && after !== null && after >= before;
}

function prizeChangeProblems(published: CampaignPrize, proposed: CampaignPrize | undefined): string[] {
  const label = `奖项“${published.name}”`;
  if (!proposed) return [`${label}已公示，不能删除`];
  const { stock: publishedStock, ...publishedRest } = published;
  const { stock: proposedStock, ...proposedRest } = proposed;
  const problems: string[] = [];
  if (!same(publishedRest, proposedRest)) problems.push(`${label}的名称、类型、价值和权重公示后不能修改`);
  if (
    publishedStock === null
      ? proposedStock !== null
      : proposedStock === null || proposedStock < publishedStock
  )
    problems.push(`${label}的数量只能增加，不能减少`);
  return problems;
}

/** Reasons the proposed terms may not replace the published ones; empty when they may. */
export function changeProblems(published: CampaignTerms, proposed: CampaignTerms): string[] {
  const problems: string[] = [];
  if (proposed.name !== published.name) problems.push('活动名称公示后不能修改');
  if (instant(proposed.startsAt) !== instant(published.startsAt)) problems.push('开始时间公示后不能修改');
  if (!laterOrSame(published.endsAt, proposed.endsAt)) problems.push('结束时间只能延后，不能提前');
  if (!laterOrSame(published.claimDeadline, proposed.claimDeadline))
    problems.push('领奖截止时间只能延后，不能提前');
  if (!same(proposed.audience, published.audience)) problems.push('参与对象公示后不能修改');
  const { pointsPerDraw: publishedPoints, ...publishedEntry } = published.entry;
  const { pointsPerDraw: proposedPoints, ...proposedEntry } = proposed.entry;
  if (!same(proposedEntry, publishedEntry)) problems.push('免费次数和获得抽奖机会的方式公示后不能修改');
  const cheaperOrSame =
    publishedPoints === null
      ? proposedPoints === null
      : proposedPoints !== null && proposedPoints <= publishedPoints;
  if (!cheaperOrSame) problems.push('每次抽奖消耗的积分只能降低，不能提高或取消');
  if (!same(proposed.limits, published.limits)) problems.push('抽奖次数和中奖上限公示后不能修改');
  if (!same(proposed.disclosure, published.disclosure))
    problems.push('公示的主办方、联系方式、开奖和兑奖说明不能修改');
  const proposedIds = proposed.prizes.map((p) => p.id);
  const publishedIds = published.prizes.map((p) => p.id);
  if (proposedIds.some((id) => !publishedIds.includes(id)))
    problems.push('公示后不能新增奖项（会改变所有奖项的中奖概率）');
  else if (proposedIds.length === publishedIds.length && !same(proposedIds, publishedIds))
    problems.push('奖项的顺序公示后不能修改');
  for (const prize of published.prizes)
    problems.push(
      ...prizeChangeProblems(
        prize,
        proposed.prizes.find((p) => p.id === prize.id)
      )
    );
  return problems;
}
