import type { AftercareKpiResponse, ComplaintFigures, SatisfactionFigures } from '@dealer/shared';
import { clock, shanghaiDate } from '../../lib/clock';
import { dayOf, isoOf, monthBounds, monthsEndingAt } from '../kpis/kpi-days';
import { complaintFigures, satisfactionFigures } from './aftercare-kpis';

interface Figures {
  satisfaction: SatisfactionFigures;
  complaints: ComplaintFigures;
}

async function figuresOf(dealershipId: string, from: string, to: string, asOf: string): Promise<Figures> {
  const [satisfaction, complaints] = await Promise.all([
    satisfactionFigures(dealershipId, from, to),
    complaintFigures(dealershipId, from, to, asOf)
  ]);
  return { satisfaction, complaints };
}

/**
 * Satisfaction and complaint handling for the last `months` calendar months (the current one
 * as of today): each month, and the whole range with its advisors and service types. The
 * same figures as the KPI dashboard's (docs/metrics.md §8), read one period at a time.
 */
export async function aftercareKpiReport(
  dealershipId: string,
  months: number
): Promise<AftercareKpiResponse> {
  const today = dayOf(shanghaiDate(clock.now()));
  const periods = monthsEndingAt(today, months).map((month) => {
    const { from, to } = monthBounds(month);
    return { month, from: isoOf(from), to: isoOf(to), asOf: isoOf(Math.min(to, today)) };
  });
  const from = periods[0].from;
  const to = periods[periods.length - 1].to;
  const asOf = isoOf(today);
  const range = await figuresOf(dealershipId, from, to, asOf);
  const monthly: AftercareKpiResponse['months'] = [];
  for (const p of periods)
    monthly.push({ month: p.month, asOf: p.asOf, ...(await figuresOf(dealershipId, p.from, p.to, p.asOf)) });
  return { dealershipId, from, to, asOf, range, months: monthly };
}
