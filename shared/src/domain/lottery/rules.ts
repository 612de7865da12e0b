/**
 * The public rules page (活动规则), generated from the campaign's own terms so that what is
 * disclosed cannot disagree with what the draw does. Covers every item the SAMR rules list.
 */
import { formatFen } from '../amounts';
import { fallbackPrize, totalWeight } from './pick';
import { formatBeijingTime } from './time';
import type { CampaignPrize, CampaignTerms, EarningAction, PrizeKind, RulesSection } from './types';

export const PRIZE_KIND_LABELS: Record<PrizeKind, string> = {
  points: '积分',
  voucher: '优惠券',
  gift: '实物礼品',
  none: '谢谢参与'
};

export const EARNING_ACTION_LABELS: Record<EarningAction, string> = {
  binding: '绑定车辆',
  booking_served: '预约到店并完成服务',
  survey: '完成服务满意度问卷'
};

/** How many years the rules, disclosures, results and winners are kept after the campaign. */
export const RECORD_RETENTION_YEARS = 2;

/** A prize's odds as a percentage with up to four decimals: 1/3 → '33.3333%'. */
export function formatOdds(weight: number, total: number): string {
  const percent = total > 0 ? (weight / total) * 100 : 0;
  return `${Number(percent.toFixed(4))}%`;
}

function audienceLines(c: CampaignTerms, segmentName: string | undefined): string[] {
  const { tiers, segmentId, allBound, prospects } = c.audience;
  const lines: string[] = [];
  if (allBound) lines.push('已绑定本店的全部车主');
  if (tiers.length > 0) lines.push(`${tiers.map((t) => `${t} 级`).join('、')}客户`);
  if (segmentId) lines.push(`客户分组：${segmentName ?? segmentId}`);
  if (prospects) lines.push('活动现场扫码并授权手机号的新客户');
  return lines;
}

function entryLines(c: CampaignTerms): string[] {
  const { entry, limits } = c;
  const lines: string[] = [];
  if (entry.freePerDay > 0) lines.push(`每人每天免费抽奖 ${entry.freePerDay} 次`);
  if (entry.freePerCampaign > 0) lines.push(`活动期间每人免费抽奖 ${entry.freePerCampaign} 次`);
  if (entry.pointsPerDraw !== null) lines.push(`每消耗 ${entry.pointsPerDraw} 积分可抽奖 1 次`);
  for (const action of entry.earnedBy)
    lines.push(`活动期间${EARNING_ACTION_LABELS[action]}，可获得 1 次抽奖机会`);
  if (limits.perDay !== null) lines.push(`每人每天最多抽奖 ${limits.perDay} 次`);
  if (limits.perCampaign !== null) lines.push(`活动期间每人最多抽奖 ${limits.perCampaign} 次`);
  lines.push('在小程序活动页点击“抽奖”参与，结果即时显示');
  return lines;
}

function prizeLine(prize: CampaignPrize, c: CampaignTerms): string {
  const total = totalWeight(c.prizes);
  const odds = `中奖概率 ${formatOdds(prize.weight, total)}`;
  if (prize.kind === 'none') return c.disclosure.showOdds ? `${prize.name}：${odds}` : prize.name;
  const amount = c.disclosure.showOdds ? odds : `共 ${prize.stock ?? 0} 份`;
  const points = prize.kind === 'points' && prize.points !== null ? `，${prize.points} 积分` : '';
  return `${prize.name}（${PRIZE_KIND_LABELS[prize.kind]}${points}）：市场价值 ¥${formatFen(prize.valueFen)}，${amount}`;
}

function prizeLines(c: CampaignTerms): string[] {
  const kinds = [...new Set(c.prizes.filter((p) => p.kind !== 'none').map((p) => PRIZE_KIND_LABELS[p.kind]))];
  return [`奖品种类：${kinds.join('、')}`, ...c.prizes.map((p) => prizeLine(p, c))];
}

function drawLines(c: CampaignTerms): string[] {
  const fallback = fallbackPrize(c.prizes)?.name ?? '谢谢参与';
  const lines = [
    `开奖时间：活动期间每次抽奖即时开奖`,
    `开奖方式：${c.disclosure.drawMethod.trim()}`,
    '每次抽奖的结果由活动种子和该次抽奖的编号经 HMAC-SHA256 计算得出，按各奖项权重无偏映射；活动开始前公示种子的 SHA-256 哈希，活动结束后公布种子，任何人都可重算每一次抽奖。',
    `抽中的奖品已发完时，该次结果为“${fallback}”。`,
    '主办方所属经销商集团的员工（按验证手机号识别）可以参与，但不会中奖，结果为“' + fallback + '”。'
  ];
  if (c.limits.perPrize !== null)
    lines.push(`同一奖项每人最多获得 ${c.limits.perPrize} 份；已达上限时再抽中该奖项，结果为“${fallback}”。`);
  return lines;
}

function fairnessLines(commitment: string | null, seedHex: string | null): string[] {
  return [
    commitment ? `种子哈希（SHA-256）：${commitment}` : '种子哈希将在活动发布时公示',
    seedHex ? `种子：${seedHex}` : '种子将在活动结束后公布',
    '验证方法：SHA-256(种子) 应等于上述哈希；每次抽奖的结果可在“抽奖验证”页面或用公开的验证脚本重算。'
  ];
}

/** Optional display names the terms refer to by id. */
export interface RulesNames {
  segmentName?: string;
}

/** The public rules page's sections, in reading order. */
export function rulesDocument(
  c: CampaignTerms,
  commitment: string | null,
  seedHex: string | null,
  names: RulesNames = {}
): RulesSection[] {
  const d = c.disclosure;
  return [
    {
      key: 'organiser',
      title: '活动名称与主办方',
      lines: [`活动名称：${c.name}`, `主办方：${d.organiser}`, `联系方式：${d.contact}`]
    },
    {
      key: 'window',
      title: '活动时间',
      lines: [`${formatBeijingTime(c.startsAt)} 至 ${formatBeijingTime(c.endsAt)}（北京时间）`]
    },
    { key: 'audience', title: '参与对象', lines: audienceLines(c, names.segmentName) },
    { key: 'entry', title: '参与条件和方式', lines: entryLines(c) },
    { key: 'prizes', title: '奖项设置', lines: prizeLines(c) },
    { key: 'draw', title: '开奖时间和方式', lines: drawLines(c) },
    {
      key: 'claim',
      title: '兑奖时间、条件和方式',
      lines: [
        `兑奖截止：${formatBeijingTime(c.claimDeadline)}`,
        `兑奖条件和方式：${d.claimMethod}`,
        `奖品交付：${d.delivery}`
      ]
    },
    { key: 'forfeit', title: '奖品作废条件', lines: [d.forfeitConditions] },
    { key: 'fairness', title: '公平性验证', lines: fairnessLines(commitment, seedHex) },
    {
      key: 'records',
      title: '记录保存',
      lines: [`本活动的规则、公示信息、抽奖结果和中奖名单自活动结束起至少保存 ${RECORD_RETENTION_YEARS} 年。`]
    }
  ];
}
