import {
  DEFAULT_TIER_SETTINGS,
  TIERS,
  assignTiers,
  quotaCounts,
  type CustomerFeatures,
  type Tier,
  type TierAssignment,
  type TierSettings
} from '@dealer/shared/domain/tiers';
import { customer, idle } from './tiers-helpers';

const asOf = '2026-06-30';

/** n customers with distinct levels: `${prefix}00` is the best. */
function ladder(n: number, prefix = 'c', series: string | null = 'A6L'): CustomerFeatures[] {
  return Array.from({ length: n }, (_, k) =>
    customer(`${prefix}${String(k).padStart(2, '0')}`, n - 1 - k, series)
  );
}

function run(customers: CustomerFeatures[], settings: Partial<TierSettings> = {}): TierAssignment[] {
  return assignTiers({ customers, settings: { ...DEFAULT_TIER_SETTINGS, ...settings }, asOf });
}

function countTiers(assignments: readonly TierAssignment[]): Record<Tier, number> {
  const counts = { A: 0, B: 0, C: 0, D: 0 };
  for (const a of assignments) counts[a.tier] += 1;
  return counts;
}

const tiersOf = (assignments: readonly TierAssignment[]) => assignments.map((a) => a.tier).join('');

describe('quotaCounts: largest remainder, always summing to the group size', () => {
  it.each([
    [0, { A: 0, B: 0, C: 0, D: 0 }],
    [1, { A: 0, B: 0, C: 1, D: 0 }],
    [2, { A: 0, B: 0, C: 1, D: 1 }],
    [3, { A: 0, B: 0, C: 2, D: 1 }],
    [4, { A: 0, B: 1, C: 2, D: 1 }],
    [5, { A: 0, B: 1, C: 3, D: 1 }], // C and D tie on remainder .5: the larger quota (C) wins
    [7, { A: 0, B: 1, C: 4, D: 2 }],
    [10, { A: 0, B: 2, C: 5, D: 3 }],
    [20, { A: 1, B: 3, C: 10, D: 6 }],
    [100, { A: 5, B: 15, C: 50, D: 30 }]
  ])('group of %i → %p', (n, expected) => {
    expect(quotaCounts(n, DEFAULT_TIER_SETTINGS.quota)).toEqual(expected);
  });

  it.each([
    [{ A: 5, B: 15, C: 50, D: 30 }],
    [{ A: 10, B: 20, C: 30, D: 40 }],
    [{ A: 25, B: 25, C: 25, D: 25 }],
    [{ A: 0, B: 0, C: 100, D: 0 }],
    [{ A: 1, B: 2, C: 3, D: 94 }],
    [{ A: 33, B: 33, C: 33, D: 1 }]
  ])('quota %p: sum exact and each count within one of quota × size, for sizes 0–300', (quota) => {
    for (let n = 0; n <= 300; n += 1) {
      const counts = quotaCounts(n, quota);
      expect(TIERS.reduce((sum, t) => sum + counts[t], 0)).toBe(n);
      for (const t of TIERS) {
        expect(counts[t]).toBeGreaterThanOrEqual(Math.floor((n * quota[t]) / 100));
        expect(counts[t]).toBeLessThanOrEqual(Math.ceil((n * quota[t]) / 100));
      }
    }
  });
});

describe('quota assignment is exact', () => {
  it.each([
    [1, 'C'],
    [2, 'CD'],
    [3, 'CCD'],
    [7, 'BCCCCDD'],
    [20, 'ABBBCCCCCCCCCCDDDDDD'],
    [100, 'A'.repeat(5) + 'B'.repeat(15) + 'C'.repeat(50) + 'D'.repeat(30)]
  ])('group of %i, best first: %s', (n, expected) => {
    const result = run(ladder(n), { minGroupSize: 1 });
    expect(tiersOf(result)).toBe(expected);
    expect(result.map((a) => a.rank)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(result.every((a) => a.groupSize === n && a.groupKey === 'series:A6L')).toBe(true);
    expect(result.every((a) => a.reason.assignment === 'quota')).toBe(true);
  });

  it('every series group gets its own exact counts in one run', () => {
    const sizes: Record<string, number> = { S1: 1, S2: 2, S3: 3, S7: 7, S20: 20, S100: 100 };
    const customers = Object.entries(sizes).flatMap(([series, n]) => ladder(n, `${series}-`, series));
    const result = run(customers, { minGroupSize: 1 });
    for (const [series, n] of Object.entries(sizes)) {
      const group = result.filter((a) => a.groupKey === `series:${series}`);
      expect(group).toHaveLength(n);
      expect(countTiers(group)).toEqual(quotaCounts(n, DEFAULT_TIER_SETTINGS.quota));
    }
  });

  it('top of a 20-group reads "within the top 5%" and the counts are in the reason', () => {
    const [top] = run(ladder(20));
    expect(top.reason.boundary).toEqual({
      mode: 'quota',
      tierCounts: { A: 1, B: 3, C: 10, D: 6 },
      slot: 0,
      topPercent: 5
    });
  });
});

describe('ties at quota boundaries: a tie block takes the tier of its middle slot (better one when even)', () => {
  /** Ladder of 20 where the customers on `slots` all copy the features of the first of them. */
  function tiedLadder(slots: number[]): CustomerFeatures[] {
    const base = ladder(20);
    const template = base[slots[0]];
    return base.map((c, k) => (slots.includes(k) ? { ...template, customerId: c.customerId } : c));
  }

  it.each([
    ['slots 0–1 straddle A/B → middle 0 → both A', [0, 1], 'AABBCCCCCCCCCCDDDDDD'],
    ['slots 3–5 straddle B/C → middle 4 → all C', [3, 4, 5], 'ABBCCCCCCCCCCCDDDDDD'],
    ['slots 3–4 straddle B/C → middles 3, 4 → the better, 3 → both B', [3, 4], 'ABBBBCCCCCCCCCDDDDDD'],
    ['slots 13–14 straddle C/D → middle 13 → both C', [13, 14], 'ABBBCCCCCCCCCCCDDDDD'],
    ['slots 12–16 straddle C/D → middle 14 → all D', [12, 13, 14, 15, 16], 'ABBBCCCCCCCCDDDDDDDD'],
    ['everyone tied → middle 9 → all C', Array.from({ length: 20 }, (_, k) => k), 'C'.repeat(20)]
  ])('%s', (_label, slots, expected) => {
    const result = run(tiedLadder(slots));
    expect(tiersOf(result)).toBe(expected);
    const tied = result.filter((a) => slots.includes(Number(a.customerId.slice(1))));
    expect(new Set(tied.map((a) => a.score)).size).toBe(1);
    expect(new Set(tied.map((a) => a.rank))).toEqual(new Set([slots[0] + 1]));
  });
});

describe('small series groups', () => {
  const small = [...ladder(1, 'x', 'X'), ...ladder(2, 'y', 'Y'), ...ladder(3, 'z', 'Z')];

  it('ranked on their own (minGroupSize 1): 1 → C, 2 → C D, 3 → C C D', () => {
    const result = run(small, { minGroupSize: 1 });
    const tiersIn = (key: string) => tiersOf(result.filter((a) => a.groupKey === key));
    expect([tiersIn('series:X'), tiersIn('series:Y'), tiersIn('series:Z')]).toEqual(['C', 'CD', 'CCD']);
  });

  it('pooled together below minGroupSize; big series keep their own ranking', () => {
    const distinct = [
      customer('x5', 5, 'X'),
      customer('y4', 4, 'Y'),
      customer('y1', 1, 'Y'),
      customer('z3', 3, 'Z'),
      customer('z2', 2, 'Z'),
      customer('z0', 0, 'Z')
    ];
    const result = run([...distinct, ...ladder(20, 'b', 'BIG')]);
    const pooled = result.filter((a) => a.groupKey === 'pooled');
    // 6 × 5/15/50/30 → 0 / 1 / 3 / 2 (remainders: B .9 and D .8 take the two left over).
    expect(pooled.map((a) => [a.customerId, a.rank, a.groupSize, a.tier])).toEqual([
      ['x5', 1, 6, 'B'],
      ['y4', 2, 6, 'C'],
      ['z3', 3, 6, 'C'],
      ['z2', 4, 6, 'C'],
      ['y1', 5, 6, 'D'],
      ['z0', 6, 6, 'D']
    ]);
    expect(countTiers(result.filter((a) => a.groupKey === 'series:BIG'))).toEqual({
      A: 1,
      B: 3,
      C: 10,
      D: 6
    });
  });

  it('ties inside the pooled group follow the middle-slot rule', () => {
    // Levels 0,1,2 from three ladders: level 0 ×3 (slots 3–5, middle 4 → D), level 1 ×2 (slots 1–2 → C).
    const pooled = run([...small, ...ladder(20, 'b', 'BIG')]).filter((a) => a.groupKey === 'pooled');
    expect(pooled.map((a) => [a.customerId, a.rank, a.tier])).toEqual([
      ['z00', 1, 'B'],
      ['y00', 2, 'C'],
      ['z01', 2, 'C'],
      ['x00', 4, 'D'],
      ['y01', 4, 'D'],
      ['z02', 4, 'D']
    ]);
  });

  it('a single small series has nobody to pool with and keeps its own key', () => {
    const result = run([...ladder(1, 'x', 'X'), ...ladder(20, 'b', 'BIG')]);
    expect(result.find((a) => a.customerId === 'x00')).toMatchObject({
      groupKey: 'series:X',
      groupSize: 1,
      tier: 'C',
      score: 50
    });
  });

  it('unknown series form their own group; groupBy none ranks the whole dealership', () => {
    const mixed = [...ladder(20, 'u', null), ...ladder(20, 'b', 'BIG')];
    expect(new Set(run(mixed).map((a) => a.groupKey))).toEqual(new Set(['unknown-series', 'series:BIG']));
    const whole = run(mixed, { groupBy: 'none' });
    expect(whole.every((a) => a.groupKey === 'all' && a.groupSize === 40)).toBe(true);
    expect(countTiers(whole)).toEqual({ A: 2, B: 6, C: 20, D: 12 });
  });
});

describe('customers without paid visits', () => {
  it('get the no-visit tier unranked and take no quota place', () => {
    const result = run([
      idle('n1'),
      ...ladder(20),
      idle('n0'),
      { ...idle('n2'), paidOrderCount: 0, series: null }
    ]);
    const ranked = result.filter((a) => a.rank !== null);
    expect(countTiers(ranked)).toEqual({ A: 1, B: 3, C: 10, D: 6 });
    expect(ranked.every((a) => a.groupSize === 20)).toBe(true);
    const unranked = result.slice(20);
    expect(
      unranked.map((a) => [a.customerId, a.tier, a.score, a.rank, a.groupKey, a.reason.assignment])
    ).toEqual([
      ['n0', 'D', null, null, null, 'no_visits'],
      ['n1', 'D', null, null, null, 'no_visits'],
      ['n2', 'D', null, null, null, 'no_visits']
    ]);
    expect(unranked[0].reason.featureScores).toBeNull();
  });

  it('noVisitTier is a setting, and hysteresis never holds a customer without visits', () => {
    const settings = { ...DEFAULT_TIER_SETTINGS, noVisitTier: 'C' as const };
    const previous = new Map([['n0', { tier: 'A' as const, computedTier: 'A' as const }]]);
    const [only] = assignTiers({ customers: [idle('n0')], settings, asOf, previous });
    expect(only).toMatchObject({ tier: 'C', computedTier: 'C', previousTier: 'A' });
  });

  it('a dealership with no paid visits at all', () => {
    expect(tiersOf(run([idle('a'), idle('b')]))).toBe('DD');
    expect(run([])).toEqual([]);
  });
});

describe('input checks', () => {
  it('rejects a customer listed twice', () => {
    expect(() => run([customer('a', 1), customer('a', 2)])).toThrow('customer a appears twice');
  });
});
