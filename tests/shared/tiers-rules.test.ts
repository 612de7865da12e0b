import {
  DEFAULT_TIER_SETTINGS,
  assignTiers,
  tierOverride,
  type CustomerFeatures,
  type PreviousTier,
  type Tier,
  type TierAssignment,
  type TierOverride,
  type TierSettings
} from '@dealer/shared/domain/tiers';
import { linearCustomer as customer } from './tiers-helpers';

const asOf = '2026-06-30';

/** 101 customers `s0`…`s100` whose score equals their level; `replace` puts other ids on some levels. */
function scoreLadder(replace: Record<number, string> = {}): CustomerFeatures[] {
  return Array.from({ length: 101 }, (_, level) => customer(replace[level] ?? `s${level}`, level));
}

function settingsWith(overrides: Partial<TierSettings>): TierSettings {
  return { ...DEFAULT_TIER_SETTINGS, ...overrides };
}

function previousTiers(entries: Record<string, Tier>): Map<string, PreviousTier> {
  return new Map(Object.entries(entries).map(([id, tier]) => [id, { tier, computedTier: tier }]));
}

function byId(assignments: readonly TierAssignment[], id: string): TierAssignment {
  const found = assignments.find((a) => a.customerId === id);
  if (found === undefined) throw new Error(`no assignment for ${id}`);
  return found;
}

const thresholds = settingsWith({
  assignment: 'thresholds',
  groupBy: 'none',
  thresholds: { default: { A: 80, B: 60, C: 30 }, bySeries: { X: { A: 90, B: 70, C: 40 } } }
});

describe('thresholds mode with per-series cut-offs', () => {
  // 11 customers, scores 100, 90, …, 0; a score equal to a cut-off belongs to the upper tier.
  const levels = Array.from({ length: 11 }, (_, i) => 10 - i);
  const tiersFor = (seriesOf: (level: number) => string) =>
    assignTiers({
      customers: levels.map((l) => customer(`c${l}`, l, seriesOf(l))),
      settings: thresholds,
      asOf
    });

  it('series X uses 90 / 70 / 40, others the default 80 / 60 / 30', () => {
    const result = tiersFor((l) => (l % 2 === 0 ? 'X' : 'Y'));
    expect(result.map((a) => [a.score, a.tier])).toEqual([
      [100, 'A'],
      [90, 'A'],
      [80, 'B'],
      [70, 'B'],
      [60, 'C'],
      [50, 'C'],
      [40, 'C'],
      [30, 'C'],
      [20, 'D'],
      [10, 'D'],
      [0, 'D']
    ]);
    expect(byId(result, 'c8').reason.boundary).toEqual({
      mode: 'thresholds',
      cutoffs: { A: 90, B: 70, C: 40 },
      cutoffsFrom: 'series'
    });
    expect(byId(result, 'c9').reason.boundary).toMatchObject({ cutoffsFrom: 'default' });
    expect(result.every((a) => a.reason.assignment === 'thresholds')).toBe(true);
  });

  it('same scores with the series swapped give different tiers', () => {
    const result = tiersFor((l) => (l % 2 === 0 ? 'Y' : 'X'));
    expect(result.map((a) => a.tier).join('')).toBe('AAABBCCDDDD');
  });
});

describe('hysteresis (3 points)', () => {
  it('thresholds: the previous band widened by 3 points keeps near-boundary customers, lets clear movers move', () => {
    const previous = previousTiers({
      s78: 'A',
      s77: 'A',
      s76: 'A', // A = [80, ∞) → stays from 77
      s82: 'B',
      s83: 'B',
      s57: 'B',
      s56: 'B', // B = [60, 80) → stays on [57, 83)
      s62: 'C',
      s63: 'C', // C = [30, 60) → stays below 63
      s32: 'D',
      s33: 'D', // D = below 30 → stays below 33
      s100: 'D',
      s0: 'A' // far away: move
    });
    const result = assignTiers({ customers: scoreLadder(), settings: thresholds, asOf, previous });
    const outcome = (id: string) => [byId(result, id).tier, byId(result, id).reason.assignment];
    expect(Object.fromEntries([...previous.keys()].map((id) => [id, outcome(id)]))).toEqual({
      s78: ['A', 'hysteresis'],
      s77: ['A', 'hysteresis'],
      s76: ['B', 'thresholds'],
      s82: ['B', 'hysteresis'],
      s83: ['A', 'thresholds'],
      s57: ['B', 'hysteresis'],
      s56: ['C', 'thresholds'],
      s62: ['C', 'hysteresis'],
      s63: ['B', 'thresholds'],
      s32: ['D', 'hysteresis'],
      s33: ['C', 'thresholds'],
      s100: ['A', 'thresholds'],
      s0: ['D', 'thresholds']
    });
    expect(byId(result, 's78').reason.hysteresis).toEqual({
      withoutHysteresis: 'B',
      heldTier: 'A',
      points: 3
    });
    expect(byId(result, 's78').computedTier).toBe('A');
  });

  it('a customer oscillating around the A cut-off keeps A across runs; without hysteresis it flips', () => {
    const runs = [81, 79, 81, 79];
    const history = (points: number) => {
      let previous = new Map<string, PreviousTier>();
      return runs.map((level) => {
        const result = assignTiers({
          customers: scoreLadder({ [level]: 't' }),
          settings: { ...thresholds, hysteresisPoints: points },
          asOf,
          previous
        });
        const t = byId(result, 't');
        previous = new Map([['t', { tier: t.tier, computedTier: t.computedTier }]]);
        return t.tier;
      });
    };
    expect(history(3)).toEqual(['A', 'A', 'A', 'A']);
    expect(history(0)).toEqual(['A', 'B', 'A', 'B']);
  });

  it('quota: the previous band widened by 3 percentage points of the group ranking', () => {
    // 100 customers q0…q99 on slots 0…99: A 0–4, B 5–19, C 20–69, D 70–99.
    const customers = Array.from({ length: 100 }, (_, slot) => customer(`q${slot}`, 99 - slot));
    const previous = previousTiers({
      q7: 'A',
      q8: 'A', // A widened to slots < 8
      q2: 'B',
      q1: 'B', // B widened to slots ≥ 2
      q17: 'C',
      q16: 'C', // C widened to slots ≥ 17
      q67: 'D',
      q66: 'D', // D widened to slots ≥ 67
      q99: 'A' // clear mover
    });
    const result = assignTiers({ customers, settings: settingsWith({ groupBy: 'none' }), asOf, previous });
    const tiers = Object.fromEntries([...previous.keys()].map((id) => [id, byId(result, id).tier]));
    expect(tiers).toEqual({
      q7: 'A',
      q8: 'B',
      q2: 'B',
      q1: 'A',
      q17: 'C',
      q16: 'B',
      q67: 'D',
      q66: 'C',
      q99: 'D'
    });
    // Hysteresis trades exact quotas for stability: here one B became C and one C became D.
    const counts = { A: 0, B: 0, C: 0, D: 0 };
    result.forEach((a) => (counts[a.tier] += 1));
    expect(counts).toEqual({ A: 5, B: 14, C: 50, D: 31 });
    expect(byId(result, 'q7').reason.hysteresis).toEqual({
      withoutHysteresis: 'B',
      heldTier: 'A',
      points: 3
    });
  });

  it('0 points: previous tiers change nothing', () => {
    const customers = Array.from({ length: 20 }, (_, slot) => customer(`q${slot}`, 19 - slot));
    const previous = previousTiers({ q1: 'A', q4: 'B', q14: 'C' });
    const result = assignTiers({
      customers,
      settings: settingsWith({ hysteresisPoints: 0 }),
      asOf,
      previous
    });
    expect(result.map((a) => a.tier).join('')).toBe('ABBBCCCCCCCCCCDDDDDD');
  });
});

describe('manual override', () => {
  const override: TierOverride = {
    tier: 'A',
    reason: '集团大客户',
    expiresAt: '2026-07-01',
    by: 'staff-1',
    byName: '王经理'
  };
  const customers = Array.from({ length: 20 }, (_, slot) =>
    customer(`q${String(slot).padStart(2, '0')}`, 19 - slot)
  );
  const overrides = new Map([['q19', override]]);

  it('wins until it expires, then the computed tier returns', () => {
    const before = assignTiers({ customers, settings: DEFAULT_TIER_SETTINGS, asOf: '2026-06-30', overrides });
    expect(byId(before, 'q19')).toMatchObject({
      tier: 'A',
      computedTier: 'D',
      rank: 20,
      reason: { assignment: 'override', override }
    });
    // Others keep their quota places: the override does not push anybody out.
    expect(before.map((a) => a.computedTier).join('')).toBe('ABBBCCCCCCCCCCDDDDDD');

    const after = assignTiers({ customers, settings: DEFAULT_TIER_SETTINGS, asOf: '2026-07-01', overrides });
    expect(byId(after, 'q19')).toMatchObject({
      tier: 'D',
      computedTier: 'D',
      reason: { assignment: 'quota', override: null }
    });
  });

  it('after expiry hysteresis is anchored on the computed tier, not on the override', () => {
    const settings = thresholds;
    const expired = { ...override, expiresAt: '2026-06-01' };
    const run = (previous: PreviousTier) =>
      byId(
        assignTiers({
          customers: scoreLadder(),
          settings,
          asOf,
          previous: new Map([['s78', previous]]),
          overrides: new Map([['s78', expired]])
        }),
        's78'
      );
    expect(run({ tier: 'A', computedTier: 'C' })).toMatchObject({
      tier: 'B',
      previousTier: 'A',
      reason: { assignment: 'thresholds' }
    });
    expect(run({ tier: 'A', computedTier: 'A' })).toMatchObject({
      tier: 'A',
      reason: { assignment: 'hysteresis' }
    });
  });

  it('beats the no-visit rule too', () => {
    const idle = { ...customer('n', 0), paidVisitCount: 0, paidOrderCount: 0 };
    const [only] = assignTiers({
      customers: [idle],
      settings: DEFAULT_TIER_SETTINGS,
      asOf,
      overrides: new Map([['n', override]])
    });
    expect(only).toMatchObject({
      tier: 'A',
      computedTier: 'D',
      score: null,
      reason: { assignment: 'override' }
    });
  });

  it('schema requires a reason and a date', () => {
    expect(tierOverride.safeParse(override).success).toBe(true);
    expect(tierOverride.safeParse({ ...override, reason: ' ' }).success).toBe(false);
    expect(tierOverride.safeParse({ ...override, expiresAt: '2026-02-30' }).success).toBe(false);
    expect(tierOverride.safeParse({ ...override, tier: 'E' }).success).toBe(false);
  });
});
