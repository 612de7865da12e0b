import { addDays } from '@dealer/shared/domain';
import {
  DEFAULT_TIER_SETTINGS,
  assignTiers,
  createFeatureAccumulator,
  quotaCounts,
  tierWindow,
  type CustomerFeatures
} from '@dealer/shared/domain/tiers';

/*
 * The nightly recompute at full size (100,000 customers, 1,000,000 service records): the
 * engine must stay correct at that size and finish well inside the timeout — quadratic
 * work would not (10^10 steps). No timing assertions: these machines are shared and
 * timings belong in tests/bench; the elapsed times are printed for the record.
 */
const SCALE_TIMEOUT_MS = 120_000;

const CUSTOMERS = 100_000;
const RECORDS_PER_CUSTOMER = 10;
const options = { asOf: '2026-06-30', lookbackMonths: 24 };
const window = tierWindow(options);

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

  it(
    'streams 1,000,000 records into 100,000 customers',
    () => {
      const started = performance.now();
      features = [];
      for (let c = 0; c < CUSTOMERS; c += 1) {
        const accumulator = createFeatureAccumulator(`c${String(c).padStart(6, '0')}`, window);
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
      console.log(
        `1,000,000 records → features: ${(performance.now() - started).toFixed(0)} ms (incl. generating them)`
      );
    },
    SCALE_TIMEOUT_MS
  );

  it(
    'tiers 100,000 customers: quotas per group, better score never a worse tier',
    () => {
      const started = performance.now();
      const result = assignTiers({
        customers: features,
        settings: DEFAULT_TIER_SETTINGS,
        asOf: options.asOf
      });
      console.log(`assignTiers, 100,000 customers: ${(performance.now() - started).toFixed(0)} ms`);
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
    },
    SCALE_TIMEOUT_MS
  );
});
