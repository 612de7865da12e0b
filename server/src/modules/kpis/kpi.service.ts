import { KPI_LABELS, type KpiResponse, type KpiTrendResponse } from '@dealer/shared';
import { clock, shanghaiDate } from '../../lib/clock';
import { unprocessable } from '../../lib/errors';
import { loadSettings } from '../dealerships/dealership.service';
import { dayOf, isoOf, monthBounds, monthOf, monthsEndingAt, type Day } from './kpi-days';
import { datasetLowerBound } from './kpi-dataset';
import { evaluatePeriod, type Period } from './kpi-evaluate';
import { loadDataset } from './kpi-load';
import type { KpiSources } from './kpi-aftercare';
import { presentTrendPoint, presentValues, type AftercarePeriod, type WindowSettings } from './kpi.present';
import { collectDueEvents } from './kpi-returns';
import { dueEngineSettings } from '../due/due-settings.service';

/**
 * KPIs of one dealership (definitions: docs/metrics.md). One request = one pass over the
 * dealership's records into a KpiDataset, then every period is evaluated from memory.
 */

export interface PeriodInput {
  /** Inclusive 'YYYY-MM-DD' Shanghai calendar days. */
  from: string;
  to: string;
}

async function windowSettings(dealershipId: string): Promise<WindowSettings> {
  const settings = await loadSettings(dealershipId);
  return {
    ...settings.kpis,
    firstMaintenanceMonths: settings.firstMaintenance.months,
    regularMaintenanceMonths: settings.regularMaintenance.months
  };
}

/** How far back any KPI of a period can look: the retention windows, the lost threshold, a maintenance interval. */
const monthsBack = (s: WindowSettings) =>
  Math.max(2 * s.activeMonths, s.lostMonths, s.firstMaintenanceMonths, s.regularMaintenanceMonths);

const today = (): Day => dayOf(shanghaiDate(clock.now()));

/** The "as of" day of a period: its last day, or today while it is still running. */
function periodOf(from: Day, to: Day, now: Day): Period {
  if (from > now) throw unprocessable('PERIOD_IN_FUTURE', '统计期间尚未开始');
  return { from, to, asOf: Math.min(to, now) };
}

async function evaluate(dealershipId: string, periods: Period[]) {
  const settings = await windowSettings(dealershipId);
  const firstFrom = Math.min(...periods.map((p) => p.from));
  const lastTo = Math.max(...periods.map((p) => p.to));
  const lastAsOf = Math.max(...periods.map((p) => p.asOf));
  const data = await loadDataset(dealershipId, datasetLowerBound(firstFrom, monthsBack(settings)), lastAsOf);
  const due = await dueEngineSettings(dealershipId, shanghaiDate(clock.now()));
  const events = collectDueEvents(data, { engine: due.engine, fleet: due.fleet }, firstFrom, lastTo);
  return { settings, counts: periods.map((p) => evaluatePeriod(data, events, settings, p)) };
}

async function aftercareOf(sources: KpiSources, dealershipId: string, p: Period): Promise<AftercarePeriod> {
  const [from, to, asOf] = [isoOf(p.from), isoOf(p.to), isoOf(p.asOf)];
  const [satisfaction, complaints] = await Promise.all([
    sources.aftercare.satisfaction(dealershipId, from, to),
    sources.aftercare.complaints(dealershipId, from, to, asOf)
  ]);
  return { satisfaction, complaints };
}

export async function computeKpis(
  dealershipId: string,
  input: PeriodInput,
  sources: KpiSources
): Promise<KpiResponse> {
  const from = dayOf(input.from);
  const to = dayOf(input.to);
  const period = periodOf(from, to, today());
  const { settings, counts } = await evaluate(dealershipId, [period]);
  const aftercare = await aftercareOf(sources, dealershipId, period);
  const month = monthBounds(monthOf(from));
  return {
    dealershipId,
    period: {
      from: input.from,
      to: input.to,
      asOf: isoOf(period.asOf),
      month: month.from === from && month.to === to ? monthOf(from) : null
    },
    settings: {
      returnWindowDays: settings.returnWindowDays,
      activeMonths: settings.activeMonths,
      atRiskMonths: settings.atRiskMonths,
      lostMonths: settings.lostMonths,
      firstMaintenanceMonths: settings.firstMaintenanceMonths,
      regularMaintenanceMonths: settings.regularMaintenanceMonths
    },
    kpis: presentValues(counts[0], settings, aftercare)
  };
}

/** The `months` calendar months ending with the current one (which is measured as of today), oldest first. */
export async function monthlyTrend(
  dealershipId: string,
  months: number,
  sources: KpiSources
): Promise<KpiTrendResponse> {
  const now = today();
  const names = monthsEndingAt(now, months);
  const periods = names.map((name) => {
    const { from, to } = monthBounds(name);
    return periodOf(from, to, now);
  });
  const { counts } = await evaluate(dealershipId, periods);
  const aftercare = await Promise.all(periods.map((p) => aftercareOf(sources, dealershipId, p)));
  return {
    dealershipId,
    labels: { ...KPI_LABELS },
    points: names.map((name, i) => presentTrendPoint(name, isoOf(periods[i].asOf), counts[i], aftercare[i]))
  };
}

/** 'YYYY-MM' → its first and last day; no month → the current month. */
export function resolvePeriod(query: { month?: string; from?: string; to?: string }): PeriodInput {
  if (query.from && query.to) return { from: query.from, to: query.to };
  const { from, to } = monthBounds(query.month ?? monthOf(today()));
  return { from: isoOf(from), to: isoOf(to) };
}
