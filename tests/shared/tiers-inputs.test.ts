import { addDays } from '@dealer/shared/domain';
import {
  createFeatureAccumulator,
  summarizeCustomer,
  summarizeCustomers,
  tierWindow,
  type TierServiceRecord
} from '@dealer/shared/domain/tiers';

const window24 = { asOf: '2026-06-30', lookbackMonths: 24 };

function ro(
  serviceDate: string,
  amountFen: number,
  extra: Partial<TierServiceRecord> = {}
): TierServiceRecord {
  return { serviceDate, amountFen, paid: true, profitFen: null, series: 'A6L', ...extra };
}

describe('tierWindow', () => {
  it.each([
    ['2026-06-30', 24, '2024-06-30'],
    ['2024-02-29', 12, '2023-02-28'],
    ['2026-03-31', 1, '2026-02-28'],
    ['2026-01-15', 1, '2025-12-15'],
    ['2026-01-15', 13, '2024-12-15']
  ])('%s minus %i months → after %s', (asOf, lookbackMonths, after) => {
    expect(tierWindow({ asOf, lookbackMonths })).toEqual({ after, through: asOf });
  });
});

describe('summarizeCustomer', () => {
  const records: TierServiceRecord[] = [
    ro('2024-06-30', 99_900), // first day outside a 24-month window ending 2026-06-30
    ro('2024-07-01', 10_000, { profitFen: 4_000 }),
    ro('2024-07-01', 5_000), // second order the same day: same visit, profit unknown
    ro('2025-01-01', 80_000, { paid: false, series: 'Q5' }), // warranty work does not count
    ro('2025-07-01', 20_000, { profitFen: 8_000, series: 'Q5' }),
    ro('2026-07-01', 50_000) // after asOf
  ];

  it('counts paid service in the window only, one visit per day', () => {
    expect(summarizeCustomer('c1', records, window24)).toEqual({
      customerId: 'c1',
      series: 'A6L',
      paidVisitCount: 2,
      paidOrderCount: 3,
      avgPaidTicketFen: 17_500,
      avgVisitIntervalDays: 365,
      totalPaidFen: 35_000,
      totalProfitFen: 17_000, // 4,000 + 5,000 (amount stands in) + 8,000
      profitEstimatedOrders: 1,
      firstPaidVisit: '2024-07-01',
      lastPaidVisit: '2025-07-01'
    });
  });

  it('gives the same features whatever the record order', () => {
    const reversed = summarizeCustomer('c1', [...records].reverse(), window24);
    expect(reversed).toEqual(summarizeCustomer('c1', records, window24));
  });

  it.each([
    [[0, 100], 100],
    [[0, 50, 100], 50],
    [[0, 1, 101], 50.5],
    [[0, 10, 20, 100], 33.3],
    [[0, 7, 20], 10]
  ])('average interval of visits on days %p is %p', (offsets, interval) => {
    const visits = offsets.map((d) => ro(addDays('2025-01-01', d), 1_000));
    expect(summarizeCustomer('c', visits, window24).avgVisitIntervalDays).toBe(interval);
  });

  it('main series: most paid orders, then the most recent, then the smaller name', () => {
    const mostOrders = [ro('2025-01-01', 1, { series: 'Q5' }), ro('2025-02-01', 1), ro('2025-03-01', 1)];
    expect(summarizeCustomer('c', mostOrders, window24).series).toBe('A6L');
    const latest = [ro('2025-01-01', 1, { series: 'Q5' }), ro('2025-03-01', 1, { series: 'A4L' })];
    expect(summarizeCustomer('c', latest, window24).series).toBe('A4L');
    const sameDay = [ro('2025-03-01', 1, { series: 'Q5' }), ro('2025-03-01', 1, { series: 'A4L' })];
    expect(summarizeCustomer('c', sameDay, window24).series).toBe('A4L');
    expect(summarizeCustomer('c', [...sameDay].reverse(), window24).series).toBe('A4L');
  });

  it('blank series is unknown and never wins over a known one', () => {
    const blanks = [
      ro('2025-01-01', 1, { series: ' ' }),
      ro('2025-02-01', 1, { series: '' }),
      ro('2025-03-01', 1)
    ];
    expect(summarizeCustomer('c', blanks, window24).series).toBe('A6L');
    expect(summarizeCustomer('c', [ro('2025-01-01', 1, { series: null })], window24).series).toBeNull();
  });

  it('a customer without paid visits has zero features and keeps the series of the latest record', () => {
    const unpaidOnly = [
      ro('2025-01-01', 30_000, { paid: false, series: 'Q5' }),
      ro('2023-01-01', 30_000, { series: 'A4L' }) // paid but outside the window
    ];
    expect(summarizeCustomer('c', unpaidOnly, window24)).toEqual({
      customerId: 'c',
      series: 'Q5',
      paidVisitCount: 0,
      paidOrderCount: 0,
      avgPaidTicketFen: 0,
      avgVisitIntervalDays: null,
      totalPaidFen: 0,
      totalProfitFen: 0,
      profitEstimatedOrders: 0,
      firstPaidVisit: null,
      lastPaidVisit: null
    });
    expect(createFeatureAccumulator('empty', tierWindow(window24)).finish().series).toBeNull();
  });

  it('one visit: ticket is that visit, interval unknown', () => {
    const f = summarizeCustomer('c', [ro('2025-05-05', 12_345, { profitFen: 2_000 })], window24);
    expect(f).toMatchObject({ paidVisitCount: 1, avgPaidTicketFen: 12_345, avgVisitIntervalDays: null });
    expect(f).toMatchObject({ totalProfitFen: 2_000, profitEstimatedOrders: 0 });
  });
});

describe('summarizeCustomers (batch) equals the streaming accumulator', () => {
  it('groups records by customer, adds customers without records, sorts by id', () => {
    const rows = [
      { customerId: 'b', ...ro('2025-01-01', 1_000) },
      { customerId: 'a', ...ro('2025-02-01', 2_000) },
      { customerId: 'b', ...ro('2025-03-01', 3_000) }
    ];
    const batch = summarizeCustomers(rows, window24, ['z', 'a']);
    expect(batch.map((f) => f.customerId)).toEqual(['a', 'b', 'z']);
    const streamed = createFeatureAccumulator('b', tierWindow(window24));
    rows.filter((r) => r.customerId === 'b').forEach((r) => streamed.add(r));
    expect(batch[1]).toEqual(streamed.finish());
    expect(batch[1]).toMatchObject({ paidVisitCount: 2, avgPaidTicketFen: 2_000, avgVisitIntervalDays: 59 });
    expect(batch[2].paidVisitCount).toBe(0);
  });
});
