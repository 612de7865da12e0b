/**
 * Customers for the tier engine tests (tiers-movement, tiers-quota, tiers-rules). Not a test
 * file: jest.config.js runs only `tests/shared/**\/*.test.ts`.
 */
import type { CustomerFeatures } from '@dealer/shared/domain/tiers';

function atLevel(
  customerId: string,
  level: number,
  series: string | null,
  spendUnits: number
): CustomerFeatures {
  return {
    customerId,
    series,
    paidVisitCount: level + 1,
    paidOrderCount: level + 1,
    avgPaidTicketFen: (level + 1) * 1_000,
    avgVisitIntervalDays: level === 0 ? null : 1_000 - level,
    totalPaidFen: spendUnits * 1_000,
    totalProfitFen: spendUnits * 100,
    profitEstimatedOrders: 0,
    firstPaidVisit: '2025-01-01',
    lastPaidVisit: '2026-01-01'
  };
}

/** A customer whose three 4S factors all sit at `level` (higher = better on every factor); spend grows with (level + 1)². */
export function customer(customerId: string, level: number, series: string | null = 'A6L'): CustomerFeatures {
  return atLevel(customerId, level, series, (level + 1) ** 2);
}

/** Like `customer`, but spend grows linearly: in a ladder 0..n−1 the score is 100 × level / (n − 1). */
export function linearCustomer(
  customerId: string,
  level: number,
  series: string | null = 'A6L'
): CustomerFeatures {
  return atLevel(customerId, level, series, (level + 1) * 5);
}

/** A customer with no paid visit (level 0 otherwise). */
export function idle(customerId: string, series: string | null = 'A6L'): CustomerFeatures {
  return { ...customer(customerId, 0, series), paidVisitCount: 0, paidOrderCount: 0, avgPaidTicketFen: 0 };
}
