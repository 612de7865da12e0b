import { addDays } from '@dealer/shared/domain';
import {
  DEFAULT_TIER_SETTINGS,
  assignTiers,
  buildTierHistory,
  explainTierZh,
  movementBetween,
  movementOfRun,
  summarizeCustomers,
  type PreviousTier,
  type TierAssignment,
  type TierMovementMatrix,
  type TierOrNone
} from '@dealer/shared/domain/tiers';
import { customer, idle as idleCustomer } from './tiers-helpers';

const id = (k: number) => `c${String(k).padStart(2, '0')}`;
const idle = idleCustomer('n1');
const override = {
  tier: 'A' as const,
  reason: '集团大客户',
  expiresAt: '2026-12-31',
  by: 'staff-1',
  byName: '王经理'
};

// Run 1: c00 best … c19 worst → A c00, B c01–c03, C c04–c13, D c14–c19.
const run1 = assignTiers({
  customers: Array.from({ length: 20 }, (_, k) => customer(id(k), 19 - k)),
  settings: DEFAULT_TIER_SETTINGS,
  asOf: '2026-05-31'
});
// Run 2: c19 jumps to the top, everyone else slides one slot down; new idle customer n1;
// a manager lifts c10 to A. Hysteresis off so every slide shows.
const previous = new Map<string, PreviousTier>(
  run1.map((a) => [a.customerId, { tier: a.tier, computedTier: a.computedTier }])
);
const run2 = assignTiers({
  customers: [customer(id(19), 19), ...Array.from({ length: 19 }, (_, k) => customer(id(k), 18 - k)), idle],
  settings: { ...DEFAULT_TIER_SETTINGS, hysteresisPoints: 0 },
  asOf: '2026-06-30',
  previous,
  overrides: new Map([[id(10), override]])
});

function nonZeroCells(matrix: TierMovementMatrix): Record<string, number> {
  const cells: Record<string, number> = {};
  for (const [from, row] of Object.entries(matrix.counts)) {
    for (const [to, count] of Object.entries(row)) if (count > 0) cells[`${from}→${to}`] = count;
  }
  return cells;
}

describe('movement matrix and history over two runs', () => {
  it('run 1: everyone is new', () => {
    const matrix = movementOfRun(run1);
    expect(nonZeroCells(matrix)).toEqual({ 'none→A': 1, 'none→B': 3, 'none→C': 10, 'none→D': 6 });
    expect(matrix).toMatchObject({ added: 20, upgraded: 0, downgraded: 0, unchanged: 0, removed: 0 });
    expect(buildTierHistory(run1, '2026-05-31')).toHaveLength(20);
  });

  it('run 2: from × to counts', () => {
    const matrix = movementOfRun(run2);
    expect(nonZeroCells(matrix)).toEqual({
      'A→B': 1, // c00
      'B→B': 2, // c01 c02
      'B→C': 1, // c03
      'C→A': 1, // c10 (override)
      'C→C': 8, // c04–c12 but c10
      'C→D': 1, // c13
      'D→A': 1, // c19
      'D→D': 5, // c14–c18
      'none→D': 1 // n1
    });
    expect(matrix).toMatchObject({ upgraded: 2, downgraded: 3, unchanged: 15, added: 1, removed: 0 });
    const cells = Object.values(matrix.counts).flatMap((row) => Object.values(row));
    expect(cells).toHaveLength(25);
    expect(cells.reduce((a, b) => a + b, 0)).toBe(21);
  });

  it('run 2 history: only changed tiers, with the score and what decided', () => {
    expect(buildTierHistory(run2, '2026-06-30')).toEqual([
      { customerId: 'c19', date: '2026-06-30', fromTier: 'D', toTier: 'A', score: 100, decidedBy: 'quota' },
      { customerId: 'c00', date: '2026-06-30', fromTier: 'A', toTier: 'B', score: 94.7, decidedBy: 'quota' },
      { customerId: 'c03', date: '2026-06-30', fromTier: 'B', toTier: 'C', score: 78.9, decidedBy: 'quota' },
      {
        customerId: 'c10',
        date: '2026-06-30',
        fromTier: 'C',
        toTier: 'A',
        score: 42.1,
        decidedBy: 'override'
      },
      { customerId: 'c13', date: '2026-06-30', fromTier: 'C', toTier: 'D', score: 26.3, decidedBy: 'quota' },
      {
        customerId: 'n1',
        date: '2026-06-30',
        fromTier: null,
        toTier: 'D',
        score: null,
        decidedBy: 'no_visits'
      }
    ]);
  });

  it('a rerun with the same result writes no history', () => {
    const again = assignTiers({
      customers: run2.map((a) => a.reason.features),
      settings: { ...DEFAULT_TIER_SETTINGS, hysteresisPoints: 0 },
      asOf: '2026-06-30',
      previous: new Map(run2.map((a) => [a.customerId, { tier: a.tier, computedTier: a.computedTier }])),
      overrides: new Map([[id(10), override]])
    });
    expect(buildTierHistory(again, '2026-06-30')).toEqual([]);
    expect(movementOfRun(again).unchanged).toBe(21);
  });

  it('between two snapshots, a customer who left counts as X → none', () => {
    const snapshot = (run: TierAssignment[]) => new Map(run.map((a) => [a.customerId, a.tier]));
    const after = snapshot(run2);
    after.delete(id(5));
    const matrix = movementBetween(snapshot(run1), after);
    expect(matrix.counts.C.none).toBe(1);
    expect(matrix.counts.C.C).toBe(7);
    expect(matrix.counts.none.D).toBe(1);
    expect(matrix).toMatchObject({ removed: 1, added: 1, upgraded: 2, downgraded: 3, unchanged: 14 });
  });
});

describe('explainTierZh', () => {
  const find = (run: TierAssignment[], customerId: string) =>
    run.find((a) => a.customerId === customerId) as TierAssignment;

  it('explains a ranked customer: score, rank, each factor, the rule', () => {
    expect(explainTierZh(find(run2, 'c19'))).toBe(
      'A 级：综合得分 100.0，车系 A6L 20 人中第 1 名；' +
        '客单价 ¥200.00（优于组内 100.0% 的客户，权重 40%）；' +
        '回站次数 20 次（优于组内 100.0% 的客户，权重 30%）；' +
        '平均回站周期 981.0 天（优于组内 100.0% 的客户，权重 30%）；' +
        '按配额定级，本组 A 1 · B 3 · C 10 · D 6 人，位于前 5.0%'
    );
  });

  it('explains an override with the computed tier behind it, and a customer without visits', () => {
    expect(explainTierZh(find(run2, 'c10'))).toMatch(
      /^A 级：王经理 手动调整（集团大客户），2026-12-31 起失效；系统计算为 C 级：综合得分 42\.1，车系 A6L 20 人中第 12 名；/
    );
    expect(explainTierZh(find(run2, 'n1'))).toBe('近 24 个月无有偿维修，定为 D 级');
  });

  it('explains hysteresis, the general method with estimated profit, and a lone customer', () => {
    const held = assignTiers({
      customers: Array.from({ length: 20 }, (_, k) => customer(id(k), 19 - k)),
      settings: DEFAULT_TIER_SETTINGS,
      asOf: '2026-06-30',
      previous: new Map([[id(1), { tier: 'A', computedTier: 'A' }]])
    });
    expect(explainTierZh(find(held, id(1)))).toContain(
      '本次应为 B 级，但仍在 A 级边界 3 个百分点缓冲内，保持 A 级'
    );

    const [lone] = assignTiers({
      customers: [{ ...customer('g', 3), profitEstimatedOrders: 2 }],
      settings: { ...DEFAULT_TIER_SETTINGS, method: 'general' },
      asOf: '2026-06-30'
    });
    expect(explainTierZh(lone)).toBe(
      'C 级：综合得分 50.0，车系 A6L 1 人中第 1 名；' +
        '合同金额 ¥160.00（组内无可比客户，权重 40%）；' +
        '利润贡献 ¥16.00（含 2 单按金额计，组内无可比客户，权重 40%）；' +
        '消费频次 4 次（组内无可比客户，权重 20%）；' +
        '按配额定级，本组 A 0 · B 0 · C 1 · D 0 人，位于前 100.0%'
    );
  });
});

describe('determinism', () => {
  /** Seeded Fisher–Yates so a failure reproduces. */
  function shuffled<T>(items: readonly T[], seed: number): T[] {
    const copy = [...items];
    let state = seed;
    for (let i = copy.length - 1; i > 0; i -= 1) {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      const j = state % (i + 1);
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }

  it('shuffled customers give identical output (ties, small groups, idle, previous, overrides)', () => {
    const customers = [
      ...Array.from({ length: 25 }, (_, k) => customer(`a${k}`, Math.floor(k / 3), 'S1')), // blocks of 3 ties
      ...Array.from({ length: 3 }, (_, k) => customer(`b${k}`, k % 2, 'S2')),
      ...Array.from({ length: 2 }, (_, k) => customer(`c${k}`, 5, 'S3')),
      customer('u0', 4, null),
      { ...idle, customerId: 'n2' },
      idle
    ];
    const input = {
      settings: DEFAULT_TIER_SETTINGS,
      asOf: '2026-06-30',
      previous: new Map<string, PreviousTier>([
        ['a4', { tier: 'A', computedTier: 'B' }],
        ['b1', { tier: 'D', computedTier: 'D' }]
      ]),
      overrides: new Map([['c1', override]])
    };
    const expected = JSON.stringify(assignTiers({ ...input, customers }));
    for (const seed of [1, 2, 3, 42, 2026]) {
      expect(JSON.stringify(assignTiers({ ...input, customers: shuffled(customers, seed) }))).toBe(expected);
    }
  });

  it('shuffled service records give identical features', () => {
    const records = Array.from({ length: 60 }, (_, i) => ({
      customerId: `k${i % 7}`,
      serviceDate: addDays('2025-01-01', (i * 37) % 500),
      amountFen: 1_000 + i,
      paid: i % 5 !== 0,
      profitFen: i % 3 === 0 ? null : i * 10,
      series: ['A4L', 'A6L', 'Q5'][i % 3]
    }));
    const options = { asOf: '2026-06-30', lookbackMonths: 24 };
    const expected = summarizeCustomers(records, options);
    for (const seed of [7, 8, 9])
      expect(summarizeCustomers(shuffled(records, seed), options)).toEqual(expected);
  });
});

it('matrix keys cover every tier and none', () => {
  const keys: TierOrNone[] = ['A', 'B', 'C', 'D', 'none'];
  expect(Object.keys(movementOfRun([]).counts)).toEqual(keys);
});
