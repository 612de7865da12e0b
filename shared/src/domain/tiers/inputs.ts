import { daysBetween, type IsoDate } from '../dates';

/**
 * Per-customer features for tiering, built from service records (维修工单). Only paid
 * service (有偿) counts: warranty and free work say nothing about what a customer is worth.
 */

/** The slice of a repair order the tier engine reads; `series` comes from the vehicle. */
export interface TierServiceRecord {
  serviceDate: IsoDate;
  amountFen: number;
  paid: boolean;
  /** Optional imported column; when null the record's amount stands in for its profit. */
  profitFen: number | null;
  series: string | null;
}

export interface CustomerFeatures {
  customerId: string;
  /** Main car series: most paid orders in the window, tie → most recent, null if unknown. */
  series: string | null;
  /** Distinct days with paid service: two orders written on one visit are one visit. */
  paidVisitCount: number;
  paidOrderCount: number;
  /** totalPaidFen / paidVisitCount, whole fen; 0 without visits. */
  avgPaidTicketFen: number;
  /** (last − first visit) / (visits − 1) in days, to 0.1; null with fewer than 2 visits. */
  avgVisitIntervalDays: number | null;
  totalPaidFen: number;
  /** Sum of profit, each order without a profit figure counted at its amount. */
  totalProfitFen: number;
  /** How many paid orders had no profit figure (so the explanation can say "estimated"). */
  profitEstimatedOrders: number;
  firstPaidVisit: IsoDate | null;
  lastPaidVisit: IsoDate | null;
}

export interface FeatureWindowOptions {
  asOf: IsoDate;
  lookbackMonths: number;
}

/** Service dates d with `after < d ≤ through` are in the window (`lookbackMonths` whole months). */
export interface TierWindow {
  after: IsoDate;
  through: IsoDate;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Same day `months` earlier; a day the month lacks (31st, 29 Feb) becomes its last day. */
function subtractMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number);
  const monthIndex = y * 12 + (m - 1) - months;
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${pad(year, 4)}-${pad(month)}-${pad(Math.min(d, lastDay))}`;
}

/** The server can use this to filter its cursor: `serviceDate: { $gt: after, $lte: through }`. */
export function tierWindow({ asOf, lookbackMonths }: FeatureWindowOptions): TierWindow {
  return { after: subtractMonths(asOf, lookbackMonths), through: asOf };
}

interface SeriesVote {
  orders: number;
  latest: IsoDate;
}

/** Later date wins; on the same day the smaller name, so record order never matters. */
function isLaterSeries(
  date: IsoDate,
  series: string,
  current: { date: IsoDate; series: string } | null
): boolean {
  return current === null || date > current.date || (date === current.date && series < current.series);
}

export interface FeatureAccumulator {
  add(record: TierServiceRecord): void;
  finish(): CustomerFeatures;
}

function normalizeSeries(series: string | null): string | null {
  const trimmed = series?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

function pickMainSeries(votes: ReadonlyMap<string, SeriesVote>): string | null {
  let best: string | null = null;
  let bestVote: SeriesVote | null = null;
  for (const [series, vote] of votes) {
    const better =
      bestVote === null ||
      vote.orders > bestVote.orders ||
      (vote.orders === bestVote.orders &&
        (vote.latest > bestVote.latest ||
          (vote.latest === bestVote.latest && best !== null && series < best)));
    if (better) {
      best = series;
      bestVote = vote;
    }
  }
  return best;
}

/**
 * Features of one customer, fed one record at a time in any order, so the server can stream
 * a cursor sorted by customer and keep only the current customer in memory. Memory per
 * customer is the set of distinct paid days plus one entry per series. The window is
 * computed once per run (tierWindow) and shared by every customer's accumulator.
 */
export function createFeatureAccumulator(customerId: string, window: TierWindow): FeatureAccumulator {
  const { after, through } = window;
  const paidDays = new Set<IsoDate>();
  const seriesVotes = new Map<string, SeriesVote>();
  let paidOrderCount = 0;
  let totalPaidFen = 0;
  let totalProfitFen = 0;
  let profitEstimatedOrders = 0;
  // A customer without paid visits is still shown in a series in the archive.
  let latestAnySeries: { date: IsoDate; series: string } | null = null;

  return {
    add(record) {
      const series = normalizeSeries(record.series);
      if (series !== null && isLaterSeries(record.serviceDate, series, latestAnySeries)) {
        latestAnySeries = { date: record.serviceDate, series };
      }
      if (!record.paid || record.serviceDate <= after || record.serviceDate > through) return;
      paidDays.add(record.serviceDate);
      paidOrderCount += 1;
      totalPaidFen += record.amountFen;
      if (record.profitFen === null) profitEstimatedOrders += 1;
      totalProfitFen += record.profitFen ?? record.amountFen;
      if (series !== null) {
        const vote = seriesVotes.get(series);
        if (vote === undefined) seriesVotes.set(series, { orders: 1, latest: record.serviceDate });
        else {
          vote.orders += 1;
          if (record.serviceDate > vote.latest) vote.latest = record.serviceDate;
        }
      }
    },
    finish() {
      let first: IsoDate | null = null;
      let last: IsoDate | null = null;
      for (const day of paidDays) {
        if (first === null || day < first) first = day;
        if (last === null || day > last) last = day;
      }
      const visits = paidDays.size;
      // The mean of consecutive gaps telescopes to (last − first) / (visits − 1).
      const interval =
        first !== null && last !== null && visits >= 2
          ? Math.round((daysBetween(first, last) * 10) / (visits - 1)) / 10
          : null;
      return {
        customerId,
        series: pickMainSeries(seriesVotes) ?? latestAnySeries?.series ?? null,
        paidVisitCount: visits,
        paidOrderCount,
        avgPaidTicketFen: visits === 0 ? 0 : Math.round(totalPaidFen / visits),
        avgVisitIntervalDays: interval,
        totalPaidFen,
        totalProfitFen,
        profitEstimatedOrders,
        firstPaidVisit: first,
        lastPaidVisit: last
      };
    }
  };
}

export function summarizeCustomer(
  customerId: string,
  records: Iterable<TierServiceRecord>,
  options: FeatureWindowOptions
): CustomerFeatures {
  const accumulator = createFeatureAccumulator(customerId, tierWindow(options));
  for (const record of records) accumulator.add(record);
  return accumulator.finish();
}

/**
 * Features for records in any order (tests, small batches). `customerIds` adds customers
 * that have no records at all, so they still get the no-visit tier. Sorted by customerId.
 */
export function summarizeCustomers(
  records: Iterable<TierServiceRecord & { customerId: string }>,
  options: FeatureWindowOptions,
  customerIds: Iterable<string> = []
): CustomerFeatures[] {
  const window = tierWindow(options);
  const accumulators = new Map<string, FeatureAccumulator>();
  const accumulatorFor = (id: string): FeatureAccumulator => {
    let accumulator = accumulators.get(id);
    if (accumulator === undefined) {
      accumulator = createFeatureAccumulator(id, window);
      accumulators.set(id, accumulator);
    }
    return accumulator;
  };
  for (const id of customerIds) accumulatorFor(id);
  for (const record of records) accumulatorFor(record.customerId).add(record);
  return [...accumulators.keys()].sort(compareIds).map((id) => accumulatorFor(id).finish());
}

/** Code-unit order: stable across locales and runtimes, unlike localeCompare. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
