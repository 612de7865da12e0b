import {
  seedCommitment,
  verifyCampaign,
  type PrizeSpec,
  type PublishedCampaign,
  type PublishedDraw
} from '@dealer/shared/domain/lottery';
import { publishedCampaign, roundRobin, SEED, simulateDraws } from './lottery-helpers';

/**
 * The public verification (docs/lottery.md "Verifying a campaign"): a correct record passes,
 * every kind of tampering the record can reveal fails with a reason.
 */

const spec = (id: string, weight: number, stock: number | null): PrizeSpec => ({
  id,
  name: id,
  kind: stock === null ? 'none' : 'gift',
  valueFen: stock === null ? 0 : 100,
  weight,
  stock
});

/** Stock runs out (car, wash), limits bite (points), one participant is staff. */
const PRIZES = [spec('car', 5, 2), spec('wash', 30, 15), spec('points', 40, 500), spec('none', 25, null)];
const LIMIT = 3;

function campaign(): PublishedCampaign {
  const draws = roundRobin(400, 25).map((d, i) => ({ ...d, excluded: d.participant === 'p0' && i < 100 }));
  return publishedCampaign(PRIZES, LIMIT, draws);
}

const withDraws = (c: PublishedCampaign, draws: PublishedDraw[]): PublishedCampaign => ({ ...c, draws });
const firstIndex = (c: PublishedCampaign, match: (d: PublishedDraw) => boolean) => {
  const index = c.draws.findIndex(match);
  if (index < 0) throw new Error('the fixture lacks such a draw');
  return index;
};
const replaceAt = (c: PublishedCampaign, index: number, change: Partial<PublishedDraw>) =>
  withDraws(
    c,
    c.draws.map((d, i) => (i === index ? { ...d, ...change } : d))
  );

describe('a correct record', () => {
  test('passes, with every fate of the rule present', () => {
    const c = campaign();
    const fates = new Set(c.draws.map((d) => d.fate));
    expect([...fates].sort()).toEqual(['excluded', 'out-of-stock', 'over-limit', 'won']);
    expect(verifyCampaign(c)).toEqual({ ok: true, checked: 400, problems: [] });
  });

  test('passes when stock was raised after it ran out, with the raise published', () => {
    const prizes = [spec('car', 20, 30), spec('none', 80, null)];
    // Draws 1–199 saw a stock of 2, draws from 200 on the raised stock of 30 (not used up).
    const stockAt = (p: PrizeSpec, seq: number) => (p.id === 'car' && seq < 200 ? 2 : p.stock);
    const draws = simulateDraws(SEED, prizes, null, roundRobin(260, 40), stockAt);
    const c: PublishedCampaign = {
      campaignId: 'campaign-1',
      commitment: seedCommitment(SEED),
      seedHex: SEED,
      prizes,
      perOwnerPrizeLimit: null,
      draws,
      stockRaises: [{ prizeId: 'car', fromStock: 2, toStock: 30, firstSeq: 200 }]
    };
    expect(draws.filter((d) => d.fate === 'out-of-stock').length).toBeGreaterThan(0);
    expect(verifyCampaign(c)).toMatchObject({ ok: true });
    // Without the raise on record the early out-of-stock draws look fake.
    const { stockRaises: _omitted, ...unpublished } = c;
    expect(verifyCampaign(unpublished).problems.join('\n')).toContain('记录为库存不足');
  });
});

describe('tampering that the verification catches', () => {
  test('a different seed than the one committed to', () => {
    const c = campaign();
    const result = verifyCampaign({ ...c, seedHex: 'ab'.repeat(32) });
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toContain('种子哈希不一致');
  });

  test('a commitment changed after the fact', () => {
    const result = verifyCampaign({ ...campaign(), commitment: seedCommitment('cd'.repeat(32)) });
    expect(result.problems).toContain('公布的种子与活动开始前公示的种子哈希不一致');
  });

  test('an award changed to a prize the seed did not pick', () => {
    const c = campaign();
    const index = firstIndex(c, (d) => d.fate === 'won' && d.picked === 'none');
    const result = verifyCampaign(replaceAt(c, index, { picked: 'car', awarded: 'car' }));
    expect(result.ok).toBe(false);
    expect(result.problems.join('\n')).toContain(`按种子重算应抽中 none`);
  });

  test('a won draw whose award differs from its pick', () => {
    const c = campaign();
    const index = firstIndex(c, (d) => d.fate === 'won' && d.picked === 'points');
    expect(verifyCampaign(replaceAt(c, index, { awarded: 'wash' })).problems.join('\n')).toContain(
      '发放的奖项与抽中的不同'
    );
  });

  test('a prize awarded beyond its stock', () => {
    const c = campaign();
    const index = firstIndex(c, (d) => d.fate === 'out-of-stock' && d.picked === 'car');
    const result = verifyCampaign(replaceAt(c, index, { fate: 'won', awarded: 'car' }));
    expect(result.problems).toContain('car 发出 3 份，超过库存 2');
  });

  test('a fake out-of-stock on a prize with units left', () => {
    const c = campaign();
    const index = firstIndex(c, (d) => d.fate === 'won' && d.picked === 'points');
    const result = verifyCampaign(replaceAt(c, index, { fate: 'out-of-stock', awarded: 'none' }));
    expect(result.ok).toBe(false);
    expect(result.problems.join('\n')).toMatch(/记录为库存不足，但 points 只发出 \d+ 份（库存 500）/);
  });

  test('a fake over-limit for a participant below the limit', () => {
    const c = campaign();
    const index = firstIndex(c, (d) => d.fate === 'won' && d.picked === 'points' && d.participant === 'p1');
    const result = verifyCampaign(replaceAt(c, index, { fate: 'over-limit', awarded: 'none' }));
    expect(result.ok).toBe(false);
    expect(result.problems.join('\n')).toContain('记录为超出中奖限制，但该参与者只获得');
  });

  test('a participant given more of a prize than the limit', () => {
    const c = campaign();
    const index = firstIndex(c, (d) => d.fate === 'over-limit');
    const result = verifyCampaign(replaceAt(c, index, { fate: 'won', awarded: c.draws[index].picked }));
    expect(result.problems.join('\n')).toMatch(/超过每人限制 3/);
  });

  test('an excluded (staff) participant given a prize', () => {
    const c = campaign();
    const index = firstIndex(c, (d) => d.fate === 'excluded' && d.picked !== 'none');
    const result = verifyCampaign(replaceAt(c, index, { awarded: c.draws[index].picked }));
    expect(result.problems.join('\n')).toContain('排除的参与者只能得到“谢谢参与”');
  });

  test('a draw removed from the middle, two draws swapped, a draw id repeated', () => {
    const c = campaign();
    const removed = verifyCampaign(withDraws(c, [...c.draws.slice(0, 10), ...c.draws.slice(11)]));
    expect(removed.problems[0]).toContain('第 11 条抽奖记录的序号为 12');

    const swapped = [...c.draws];
    [swapped[3], swapped[4]] = [swapped[4], swapped[3]];
    expect(verifyCampaign(withDraws(c, swapped)).ok).toBe(false);

    const repeated = replaceAt(c, 5, { drawId: c.draws[4].drawId, picked: c.draws[4].picked });
    expect(verifyCampaign(repeated).problems.join('\n')).toContain(`抽奖编号 ${c.draws[4].drawId} 重复出现`);
  });

  test('unknown prizes and fates are reported, never thrown', () => {
    const c = campaign();
    expect(verifyCampaign(replaceAt(c, 0, { picked: 'yacht' })).problems[0]).toContain(
      'yacht 不在奖项列表中'
    );
    expect(verifyCampaign(replaceAt(c, 0, { awarded: 'yacht' })).problems[0]).toContain(
      'yacht 不在奖项列表中'
    );
    const odd = replaceAt(c, 0, { fate: 'lucky' as PublishedDraw['fate'] });
    expect(verifyCampaign(odd).problems[0]).toContain('未知的结果类型 lucky');
  });

  test('a record without a revealed seed, or with a seed that is not hex, is not verified', () => {
    expect(verifyCampaign({ ...campaign(), seedHex: null })).toEqual({
      ok: false,
      checked: 0,
      problems: ['种子尚未公布，活动结束后才能验证']
    });
    expect(verifyCampaign({ ...campaign(), seedHex: 'zz' }).ok).toBe(false);
  });

  test('many problems are listed up to a hundred and summarised after', () => {
    const c = campaign();
    const result = verifyCampaign({
      ...c,
      seedHex: 'ab'.repeat(32),
      commitment: seedCommitment('ab'.repeat(32))
    });
    expect(result.ok).toBe(false);
    expect(result.problems).toHaveLength(101);
    expect(result.problems[100]).toMatch(/^另有 \d+ 个问题未列出$/);
  });
});
