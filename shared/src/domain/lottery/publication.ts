/**
 * What must hold before a campaign may be published (docs/lottery.md "Lawful by
 * construction"): the Anti-Unfair Competition Law's cap on the top prize and the SAMR
 * disclosure list (规范促销行为暂行规定, 2020). Messages are Chinese: marketing reads them.
 */
import { formatFen } from '../amounts';
import { MAX_TOTAL_WEIGHT, totalWeight } from './pick';
import { instantOf as instant } from './time';
import type { CampaignPrize, CampaignTerms } from './types';

/** ¥50,000 in fen: the highest prize a lottery-style promotion may offer (反不正当竞争法 第十一条). */
export const TOP_PRIZE_CAP_FEN = 5_000_000;

const isBlank = (text: string | null | undefined) => (text ?? '').trim() === '';
const isPositiveInteger = (n: number | null) => n !== null && Number.isSafeInteger(n) && n > 0;
const isCount = (n: number) => Number.isSafeInteger(n) && n >= 0;

function prizeProblems(prize: CampaignPrize): string[] {
  const label = `奖项“${prize.name.trim() || prize.id}”`;
  const problems: string[] = [];
  if (isBlank(prize.name)) problems.push(`奖项 ${prize.id} 缺少名称`);
  if (!Number.isSafeInteger(prize.valueFen) || prize.valueFen < 0) problems.push(`${label}的价值无效`);
  if (!Number.isSafeInteger(prize.weight) || prize.weight < 0) problems.push(`${label}的权重须为非负整数`);
  if (prize.kind === 'none') {
    if (prize.stock !== null) problems.push(`${label}（谢谢参与）的数量须为不限`);
    if (prize.valueFen !== 0) problems.push(`${label}（谢谢参与）的价值须为 0`);
    return problems;
  }
  if (prize.valueFen <= 0) problems.push(`${label}须标明市场价值`);
  if (prize.valueFen > TOP_PRIZE_CAP_FEN)
    problems.push(
      `${label}价值 ¥${formatFen(prize.valueFen)}，超过抽奖式有奖销售最高奖金额 ¥50,000 的法定上限`
    );
  if (prize.weight <= 0) problems.push(`${label}的权重须大于 0（不能设置抽不中的奖项）`);
  if (!isPositiveInteger(prize.stock)) problems.push(`${label}须设置正整数的数量`);
  if (prize.kind === 'voucher' && isBlank(prize.rewardItemId)) problems.push(`${label}须选择礼品目录中的券`);
  if (prize.kind === 'points' && !isPositiveInteger(prize.points))
    problems.push(`${label}须填写赠送的积分数`);
  return problems;
}

function prizesProblems(c: CampaignTerms): string[] {
  if (c.prizes.length === 0) return ['未设置奖项'];
  const problems = c.prizes.flatMap(prizeProblems);
  if (new Set(c.prizes.map((p) => p.id)).size !== c.prizes.length) problems.push('奖项编号重复');
  const fallbacks = c.prizes.filter((p) => p.kind === 'none').length;
  if (fallbacks === 0) problems.push('须设置一个“谢谢参与”奖项，作为库存不足或超出限制时的结果');
  if (fallbacks > 1) problems.push('只能设置一个“谢谢参与”奖项');
  if (c.prizes.every((p) => p.kind === 'none')) problems.push('至少须设置一个实际奖品');
  const total = totalWeight(c.prizes);
  if (c.prizes.every((p) => Number.isSafeInteger(p.weight)) && (total <= 0 || total > MAX_TOTAL_WEIGHT))
    problems.push(`奖项权重之和须在 1 到 ${MAX_TOTAL_WEIGHT} 之间`);
  return problems;
}

function windowProblems(c: CampaignTerms, now: Date | undefined): string[] {
  const starts = instant(c.startsAt);
  const ends = instant(c.endsAt);
  const claimBy = instant(c.claimDeadline);
  const problems: string[] = [];
  if (starts === null) problems.push('开始时间无效');
  if (ends === null) problems.push('结束时间无效');
  if (claimBy === null) problems.push('须填写有效的领奖截止时间');
  if (starts !== null && ends !== null && ends <= starts) problems.push('结束时间须晚于开始时间');
  if (ends !== null && claimBy !== null && claimBy < ends) problems.push('领奖截止时间不能早于活动结束时间');
  if (now && ends !== null && ends <= now.getTime()) problems.push('活动结束时间已过');
  return problems;
}

function participationProblems(c: CampaignTerms): string[] {
  const problems: string[] = [];
  const { audience, entry, limits } = c;
  if (audience.tiers.length === 0 && isBlank(audience.segmentId) && !audience.allBound && !audience.prospects)
    problems.push('须选择参与对象（客户等级、客户分组、全部绑定车主或活动新客）');
  if (!isCount(entry.freePerDay) || !isCount(entry.freePerCampaign))
    problems.push('免费抽奖次数须为非负整数');
  if (entry.pointsPerDraw !== null && !isPositiveInteger(entry.pointsPerDraw))
    problems.push('每次抽奖消耗的积分须为正整数');
  const anyEntry =
    entry.freePerDay > 0 ||
    entry.freePerCampaign > 0 ||
    entry.pointsPerDraw !== null ||
    entry.earnedBy.length > 0;
  if (!anyEntry) problems.push('须设置参与方式（免费次数、积分抽奖或行为获得抽奖机会）');
  for (const [name, value] of [
    ['每日抽奖次数上限', limits.perDay],
    ['活动期间抽奖次数上限', limits.perCampaign],
    ['同一奖项中奖上限', limits.perPrize]
  ] as const)
    if (value !== null && !isPositiveInteger(value)) problems.push(`${name}须为正整数或不限`);
  return problems;
}

function disclosureProblems(c: CampaignTerms): string[] {
  const d = c.disclosure;
  const required: [string, string][] = [
    ['活动名称', c.name],
    ['主办方', d.organiser],
    ['联系方式', d.contact],
    ['开奖方式', d.drawMethod],
    ['兑奖条件和方式', d.claimMethod],
    ['奖品交付方式', d.delivery],
    ['奖品作废条件', d.forfeitConditions]
  ];
  return required.filter(([, value]) => isBlank(value)).map(([field]) => `须公示${field}`);
}

/**
 * Reasons the campaign may not be published; empty when it may. With `now`, a campaign
 * whose window has already ended is refused too.
 */
export function publicationProblems(c: CampaignTerms, now?: Date): string[] {
  return [
    ...disclosureProblems(c),
    ...windowProblems(c, now),
    ...participationProblems(c),
    ...prizesProblems(c)
  ];
}
