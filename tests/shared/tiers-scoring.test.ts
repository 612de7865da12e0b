import { addDays } from '@dealer/shared/domain';
import {
  DEFAULT_TIER_SETTINGS,
  assignTiers,
  rankByScore,
  scoreGroup,
  summarizeCustomers,
  tierSettings,
  type CustomerFeatures,
  type TierServiceRecord,
  type TierSettings
} from '@dealer/shared/domain/tiers';

const asOf = '2026-06-30';
const window24 = { asOf, lookbackMonths: 24 };

/** `count` paid visits `interval` days apart from 2025-01-10, each with the given amount/profit. */
function visits(
  customerId: string,
  count: number,
  interval: number,
  amountFen: number,
  profits: (number | null)[]
): (TierServiceRecord & { customerId: string })[] {
  return Array.from({ length: count }, (_, i) => ({
    customerId,
    serviceDate: addDays('2025-01-10', i * interval),
    amountFen,
    paid: true,
    profitFen: profits[i] ?? null,
    series: 'A6L'
  }));
}

/*
 * Hand-computed fixture, one group of n = 4 (percentile = 100 × num / 6, num = 2·worse + equal − 1):
 *        ticket  visits  interval  total    profit
 *   c1   500.00  4       90        2000.00  600.00
 *   c2   300.00  4       120       1200.00  900.00 (one order without profit → its 300.00 amount)
 *   c3   300.00  2       200        600.00  600.00 (no profit figures → amount)
 *   c4   100.00  1       —          100.00   50.00
 */
const features = summarizeCustomers(
  [
    ...visits('c1', 4, 90, 50_000, [15_000, 15_000, 15_000, 15_000]),
    ...visits('c2', 4, 120, 30_000, [null, 20_000, 20_000, 20_000]),
    ...visits('c3', 2, 200, 30_000, []),
    ...visits('c4', 1, 0, 10_000, [5_000])
  ],
  window24
);
const byId = (id: string): CustomerFeatures => features.find((f) => f.customerId === id) as CustomerFeatures;

describe('fixture features', () => {
  it('are what the table says', () => {
    expect(features.map((f) => [f.avgPaidTicketFen, f.paidVisitCount, f.avgVisitIntervalDays])).toEqual([
      [50_000, 4, 90],
      [30_000, 4, 120],
      [30_000, 2, 200],
      [10_000, 1, null]
    ]);
    expect(features.map((f) => [f.totalPaidFen, f.totalProfitFen])).toEqual([
      [200_000, 60_000],
      [120_000, 90_000],
      [60_000, 60_000],
      [10_000, 5_000]
    ]);
  });
});

describe('scoreGroup, 4S method (40 / 30 / 30)', () => {
  const scores = scoreGroup(features, DEFAULT_TIER_SETTINGS);

  it('percentiles: equal values share one, a missing interval is worst, shorter interval is better', () => {
    expect(scores.map((s) => s.breakdown.featureScores)).toEqual([
      { avgTicket: 100, visitCount: 83.3, visitInterval: 100 },
      { avgTicket: 50, visitCount: 83.3, visitInterval: 66.7 },
      { avgTicket: 50, visitCount: 33.3, visitInterval: 33.3 },
      { avgTicket: 0, visitCount: 0, visitInterval: 0 }
    ]);
  });

  it('score = weighted percentiles: (40·6 + 30·5 + 30·6) / 6 = 95 for c1, and so on', () => {
    expect(scores.map((s) => s.scoreTenths / 10)).toEqual([95, 65, 40, 0]);
  });
});

describe('4S vs general on the same data', () => {
  it('general (40 / 40 / 20) ranks c2 first on profit; 4S ranks c1 first on ticket', () => {
    const general = { ...DEFAULT_TIER_SETTINGS, method: 'general' as const };
    const scores = scoreGroup(features, general);
    expect(scores.map((s) => s.breakdown.featureScores)).toEqual([
      { contractAmount: 100, profit: 50, frequency: 83.3 },
      { contractAmount: 66.7, profit: 100, frequency: 83.3 },
      { contractAmount: 33.3, profit: 50, frequency: 33.3 },
      { contractAmount: 0, profit: 0, frequency: 0 }
    ]);
    // c1: (40·6 + 40·3 + 20·5) / 6 = 76.67; c2: (40·4 + 40·6 + 20·5) / 6 = 83.33.
    expect(scores.map((s) => s.scoreTenths / 10)).toEqual([76.7, 83.3, 40, 0]);

    const ranked = (settings: TierSettings) =>
      assignTiers({ customers: features, settings: { ...settings, minGroupSize: 1 }, asOf }).map((a) => [
        a.customerId,
        a.rank
      ]);
    expect(ranked(DEFAULT_TIER_SETTINGS)).toEqual([
      ['c1', 1],
      ['c2', 2],
      ['c3', 3],
      ['c4', 4]
    ]);
    expect(ranked(general)).toEqual([
      ['c2', 1],
      ['c1', 2],
      ['c3', 3],
      ['c4', 4]
    ]);
  });

  it('custom weights change the score: 4S all on ticket', () => {
    const ticketOnly = {
      ...DEFAULT_TIER_SETTINGS,
      weights4s: { avgTicket: 100, visitCount: 0, visitInterval: 0 }
    };
    expect(scoreGroup(features, ticketOnly).map((s) => s.scoreTenths / 10)).toEqual([100, 50, 50, 0]);
  });
});

describe('degenerate groups', () => {
  it('a lone customer scores the neutral 50 on every factor', () => {
    const [only] = scoreGroup([byId('c1')], DEFAULT_TIER_SETTINGS);
    expect(only.scoreTenths).toBe(500);
    expect(only.breakdown.featureScores).toEqual({ avgTicket: 50, visitCount: 50, visitInterval: 50 });
  });

  it('identical customers all score 50 and share rank 1', () => {
    const clones = ['x', 'y', 'z'].map((customerId) => ({ ...byId('c3'), customerId }));
    const scores = scoreGroup(clones, DEFAULT_TIER_SETTINGS);
    expect(scores.map((s) => s.scoreTenths)).toEqual([500, 500, 500]);
    const ranked = rankByScore(clones, () => 500);
    expect(ranked.map((r) => [r.item.customerId, r.rank, r.slot])).toEqual([
      ['x', 1, 1],
      ['y', 1, 1],
      ['z', 1, 1]
    ]);
  });

  it('all customers without an interval tie on that factor', () => {
    const single = ['p', 'q'].map((customerId, i) => ({ ...byId('c4'), customerId, avgPaidTicketFen: i }));
    expect(scoreGroup(single, DEFAULT_TIER_SETTINGS).map((s) => s.breakdown.featureScores)).toEqual([
      { avgTicket: 0, visitCount: 50, visitInterval: 50 },
      { avgTicket: 100, visitCount: 50, visitInterval: 50 }
    ]);
  });
});

describe('tierSettings', () => {
  it('defaults', () => {
    expect(tierSettings.parse({})).toEqual({
      method: '4s',
      lookbackMonths: 24,
      weights4s: { avgTicket: 40, visitCount: 30, visitInterval: 30 },
      weightsGeneral: { contractAmount: 40, profit: 40, frequency: 20 },
      groupBy: 'series',
      assignment: 'quota',
      quota: { A: 5, B: 15, C: 50, D: 30 },
      thresholds: { default: { A: 80, B: 60, C: 30 }, bySeries: {} },
      hysteresisPoints: 3,
      minGroupSize: 20,
      noVisitTier: 'D'
    });
  });

  it.each([
    ['4S weights not summing to 100', { weights4s: { avgTicket: 40, visitCount: 30, visitInterval: 20 } }],
    [
      'general weights not summing to 100',
      { weightsGeneral: { contractAmount: 50, profit: 40, frequency: 20 } }
    ],
    ['quota not summing to 100', { quota: { A: 5, B: 15, C: 50, D: 20 } }],
    ['fractional quota', { quota: { A: 5.5, B: 14.5, C: 50, D: 30 } }],
    ['cut-offs not decreasing', { thresholds: { default: { A: 60, B: 60, C: 30 } } }],
    ['series cut-offs not decreasing', { thresholds: { bySeries: { A6L: { A: 50, B: 60, C: 30 } } } }],
    ['negative hysteresis', { hysteresisPoints: -1 }],
    ['zero group size', { minGroupSize: 0 }],
    ['unknown method', { method: 'rfm' }],
    ['unknown setting', { extra: 1 }]
  ])('rejects %s', (_label, input) => {
    expect(tierSettings.safeParse(input).success).toBe(false);
  });

  it('accepts per-series cut-offs next to the default', () => {
    const parsed = tierSettings.parse({
      assignment: 'thresholds',
      thresholds: { bySeries: { A6L: { A: 90, B: 70, C: 40 } } }
    });
    expect(parsed.thresholds).toEqual({
      default: { A: 80, B: 60, C: 30 },
      bySeries: { A6L: { A: 90, B: 70, C: 40 } }
    });
  });
});
