/**
 * Public verification of a finished campaign (docs/lottery.md "Verifying a campaign"):
 * recomputes every draw from the revealed seed and checks the stock and limit rule.
 * Problems are in Chinese: the public verification page shows them as they are.
 */
import { fallbackPrize, pickPrize, seedCommitment, weightProblem } from './pick';
import { isHex } from './sha256';
import type { PrizeSpec, PublishedCampaign, PublishedDraw, StockRaise, VerificationResult } from './types';

/** More than this many problems are summarised in one last line. */
const MAX_LISTED_PROBLEMS = 100;

/** Awards counted over the whole record: by prize, and by participant and prize. */
interface AwardCounts {
  byPrize: Map<string, number>;
  byParticipantPrize: Map<string, number>;
}

const participantPrizeKey = (participant: string, prizeId: string) => `${participant}\u0000${prizeId}`;

function countAwards(draws: readonly PublishedDraw[]): AwardCounts {
  const byPrize = new Map<string, number>();
  const byParticipantPrize = new Map<string, number>();
  for (const draw of draws) {
    byPrize.set(draw.awarded, (byPrize.get(draw.awarded) ?? 0) + 1);
    const key = participantPrizeKey(draw.participant, draw.awarded);
    byParticipantPrize.set(key, (byParticipantPrize.get(key) ?? 0) + 1);
  }
  return { byPrize, byParticipantPrize };
}

/** The stock draw `seq` saw: the stock before the first raise that came after it. */
function stockSeenBy(prize: PrizeSpec, seq: number, raises: readonly StockRaise[]): number | null {
  const later = raises.find((r) => r.prizeId === prize.id && r.firstSeq > seq);
  return later ? later.fromStock : prize.stock;
}

function campaignProblems(c: PublishedCampaign, seedHex: string): string[] {
  const problems: string[] = [];
  if (seedCommitment(seedHex) !== c.commitment.toLowerCase())
    problems.push('公布的种子与活动开始前公示的种子哈希不一致');
  const weights = weightProblem(c.prizes);
  if (weights) problems.push(`奖项权重无效：${weights}`);
  if (new Set(c.prizes.map((p) => p.id)).size !== c.prizes.length) problems.push('奖项编号重复');
  if (!fallbackPrize(c.prizes)) problems.push('缺少“谢谢参与”兜底奖项');
  for (const raise of c.stockRaises ?? []) {
    const prize = c.prizes.find((p) => p.id === raise.prizeId);
    if (!prize || prize.stock === null || raise.toStock <= raise.fromStock || raise.toStock > prize.stock)
      problems.push(`奖项 ${raise.prizeId} 的追加库存记录无效`);
  }
  return problems;
}

function sequenceProblems(draws: readonly PublishedDraw[]): string[] {
  const problems: string[] = [];
  draws.forEach((draw, index) => {
    if (draw.seq !== index + 1)
      problems.push(
        `第 ${index + 1} 条抽奖记录的序号为 ${draw.seq}（记录须按序号 1、2、3… 连续排列，缺号说明有记录被删除）`
      );
  });
  const seen = new Set<string>();
  for (const draw of draws) {
    if (seen.has(draw.drawId)) problems.push(`抽奖编号 ${draw.drawId} 重复出现`);
    seen.add(draw.drawId);
  }
  return problems;
}

function drawProblem(
  draw: PublishedDraw,
  c: PublishedCampaign,
  seedHex: string,
  counts: AwardCounts
): string | null {
  const label = `抽奖 #${draw.seq}（${draw.drawId}）`;
  const prizeById = (id: string) => c.prizes.find((p) => p.id === id);
  const picked = prizeById(draw.picked);
  const fallback = fallbackPrize(c.prizes);
  if (!picked) return `${label}：抽中的奖项 ${draw.picked} 不在奖项列表中`;
  if (!prizeById(draw.awarded)) return `${label}：发放的奖项 ${draw.awarded} 不在奖项列表中`;
  const recomputed = pickPrize(seedHex, draw.drawId, c.prizes);
  if (recomputed !== draw.picked) return `${label}：按种子重算应抽中 ${recomputed}，记录为 ${draw.picked}`;
  const awardedFallback = fallback !== null && draw.awarded === fallback.id;
  const pickedFallback = fallback !== null && picked.id === fallback.id;
  switch (draw.fate) {
    case 'won':
      return draw.awarded === draw.picked ? null : `${label}：记录为中奖，但发放的奖项与抽中的不同`;
    case 'excluded':
      return awardedFallback ? null : `${label}：排除的参与者只能得到“谢谢参与”`;
    case 'out-of-stock': {
      if (!awardedFallback || pickedFallback) return `${label}：库存不足时应改发“谢谢参与”`;
      const seen = stockSeenBy(picked, draw.seq, c.stockRaises ?? []);
      const awarded = counts.byPrize.get(picked.id) ?? 0;
      if (seen === null || awarded < seen)
        return `${label}：记录为库存不足，但 ${picked.name} 只发出 ${awarded} 份（库存 ${seen ?? '不限'}）`;
      return null;
    }
    case 'over-limit': {
      if (!awardedFallback || pickedFallback) return `${label}：超出中奖限制时应改发“谢谢参与”`;
      const held = counts.byParticipantPrize.get(participantPrizeKey(draw.participant, picked.id)) ?? 0;
      const limit = c.perOwnerPrizeLimit;
      if (limit === null || held < limit)
        return `${label}：记录为超出中奖限制，但该参与者只获得 ${held} 份 ${picked.name}（限制 ${limit ?? '无'}）`;
      return null;
    }
    default:
      return `${label}：未知的结果类型 ${String(draw.fate)}`;
  }
}

function totalsProblems(c: PublishedCampaign, counts: AwardCounts): string[] {
  const problems: string[] = [];
  const fallback = fallbackPrize(c.prizes);
  for (const prize of c.prizes) {
    const awarded = counts.byPrize.get(prize.id) ?? 0;
    if (prize.stock !== null && awarded > prize.stock)
      problems.push(`${prize.name} 发出 ${awarded} 份，超过库存 ${prize.stock}`);
  }
  const limit = c.perOwnerPrizeLimit;
  if (limit === null) return problems;
  for (const [key, held] of counts.byParticipantPrize) {
    const [participant, prizeId] = key.split('\u0000');
    if (prizeId !== fallback?.id && held > limit)
      problems.push(`参与者 ${participant} 获得 ${held} 份 ${prizeId}，超过每人限制 ${limit}`);
  }
  return problems;
}

function summarise(problems: string[], checked: number): VerificationResult {
  const listed =
    problems.length > MAX_LISTED_PROBLEMS
      ? [
          ...problems.slice(0, MAX_LISTED_PROBLEMS),
          `另有 ${problems.length - MAX_LISTED_PROBLEMS} 个问题未列出`
        ]
      : problems;
  return { ok: problems.length === 0, checked, problems: listed };
}

/**
 * Recomputes every draw: commitment = sha256(seed), picked = pickPrize(seed, drawId), the
 * award consistent with its fate, no prize beyond its stock, nobody beyond the limit.
 */
export function verifyCampaign(c: PublishedCampaign): VerificationResult {
  if (c.seedHex === null) return summarise(['种子尚未公布，活动结束后才能验证'], 0);
  const seedHex = c.seedHex;
  if (!isHex(seedHex)) return summarise(['公布的种子不是十六进制字符串'], 0);
  const setup = campaignProblems(c, seedHex);
  // Without valid weights no draw can be recomputed.
  if (weightProblem(c.prizes)) return summarise(setup, 0);
  const counts = countAwards(c.draws);
  const problems = [...setup, ...sequenceProblems(c.draws)];
  for (const draw of c.draws) {
    const problem = drawProblem(draw, c, seedHex, counts);
    if (problem) problems.push(problem);
  }
  problems.push(...totalsProblems(c, counts));
  return summarise(problems, c.draws.length);
}
