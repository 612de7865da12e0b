import { addDays } from '@dealer/shared/domain';
import {
  DEFAULT_TIER_SETTINGS,
  assignTiers,
  createFeatureAccumulator,
  quotaCounts,
  type CustomerFeatures
} from '@dealer/shared/domain/tiers';

/*
 * Scale guard for the nightly recompute (100,000 customers, 1,000,000 service records).
 * The limits are generous — the point is to catch quadratic work, which at this size would
 * take minutes, not to benchmark (that is tests/bench).
 */

const CUSTOMERS = 100_000;
const RECORDS_PER_CUSTOMER = 10;
const options = { asOf: '2026-06-30', lookbackMonths: 24 };

/** mulberry32: fast, seeded, integer-exact (the LCG used elsewhere overflows 2^53 here). */
function pseudoRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('scale', () => {
  const random = pseudoRandom(2026);
  const days = Array.from({ length: 900 }, (_, i) => addDays('2024-01-01', i));
  const series = Array.from({ length: 40 }, (_, i) => `S${i}`);
  let features: CustomerFeatures[] = [];

  it('streams 1,000,000 records into 100,000 customers', () => {
    const started = performance.now();
    features = [];
    for (let c = 0; c < CUSTOMERS; c += 1) {
      const accumulator = createFeatureAccumulator(`c${String(c).padStart(6, '0')}`, options);
      // Skewed: a few big series, a long tail of small ones (which get pooled).
      const customerSeries =
        c % 1_000 === 0 ? `tail-${c}` : series[Math.floor(random() * random() * series.length)];
      for (let r = 0; r < RECORDS_PER_CUSTOMER; r += 1) {
        accumulator.add({
          serviceDate: days[Math.floor(random() * days.length)],
          amountFen: Math.floor(random() * 500_000),
          paid: random() < 0.7,
          profitFen: random() < 0.5 ? null : 10_000,
          series: customerSeries
        });
      }
      features.push(accumulator.finish());
    }
    expect(features).toHaveLength(CUSTOMERS);
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('tiers 100,000 customers: quotas per group, better score never a worse tier', () => {
    const started = performance.now();
    const result = assignTiers({ customers: features, settings: DEFAULT_TIER_SETTINGS, asOf: options.asOf });
    const elapsed = performance.now() - started;
    console.log(`assignTiers, 100,000 customers: ${elapsed.toFixed(0)} ms`);
    expect(elapsed).toBeLessThan(20_000);
    expect(result).toHaveLength(CUSTOMERS);

    const groups = new Map<string, { size: number; counts: Record<string, number>; largestTie: number }>();
    const order = { A: 0, B: 1, C: 2, D: 3 };
    let outOfOrder = 0;
    let tieRun = 1;
    for (let i = 0; i < result.length; i += 1) {
      const a = result[i];
      if (a.groupKey === null) continue;
      const group = groups.get(a.groupKey) ?? {
        size: a.groupSize,
        counts: { A: 0, B: 0, C: 0, D: 0 },
        largestTie: 1
      };
      group.counts[a.tier] += 1;
      groups.set(a.groupKey, group);
      const prev = result[i - 1];
      if (prev?.groupKey !== a.groupKey) {
        tieRun = 1;
        continue;
      }
      // Output is in ranking order: a lower score never has a better tier; equal scores share one.
      if (order[a.tier] < order[prev.tier] || (prev.score === a.score && prev.tier !== a.tier))
        outOfOrder += 1;
      tieRun = prev.score === a.score ? tieRun + 1 : 1;
      group.largestTie = Math.max(group.largestTie, tieRun);
    }
    expect(outOfOrder).toBe(0);
    expect(groups.get('pooled')?.size).toBeGreaterThanOrEqual(100);
    // Counts equal the quota except where a tie block straddles a line and moves as a whole.
    const offQuota = [...groups.entries()].filter(([, { size, counts, largestTie }]) => {
      const expected = quotaCounts(size, DEFAULT_TIER_SETTINGS.quota);
      return (['A', 'B', 'C', 'D'] as const).some((t) => Math.abs(counts[t] - expected[t]) > largestTie);
    });
    expect(offQuota).toEqual([]);
  });
});
