import type Router from '@koa/router';
import { kpiQuery, kpiResponse, kpiTrendQuery, kpiTrendResponse } from '@dealer/shared';
import { route } from '../../http/route';
import { clock, shanghaiDate } from '../../lib/clock';
import { trendCsv } from './kpi-csv';
import { oneDealership } from '../../http/dealership-scope';
import type { KpiSources } from './kpi-aftercare';
import { computeKpis, monthlyTrend, resolvePeriod } from './kpi.service';

/** KPI dashboard: one period, the monthly trend for charts, and the trend as CSV. */
export function kpiRoutes(router: Router, sources: KpiSources): void {
  route.staff(router, {
    method: 'get',
    path: '/api/kpis',
    tag: 'kpis',
    summary:
      'All KPIs of one dealership for a month (month=YYYY-MM) or a from–to range; default the current month',
    capability: 'kpis.read',
    query: kpiQuery,
    response: kpiResponse,
    handler: ({ auth, query }) =>
      computeKpis(oneDealership(auth, query.dealershipId), resolvePeriod(query), sources)
  });

  route.staff(router, {
    method: 'get',
    path: '/api/kpis/trend',
    tag: 'kpis',
    summary:
      'Monthly KPI series for charts: the last N calendar months, the current one measured as of today',
    capability: 'kpis.read',
    query: kpiTrendQuery,
    response: kpiTrendResponse,
    handler: ({ auth, query }) => monthlyTrend(oneDealership(auth, query.dealershipId), query.months, sources)
  });

  route.staff(router, {
    method: 'get',
    path: '/api/kpis/export.csv',
    tag: 'kpis',
    summary: 'The monthly KPI series as CSV (UTF-8 with BOM): 月份 and one column per KPI',
    capability: 'kpis.read',
    query: kpiTrendQuery,
    produces: 'text/csv',
    handler: async ({ auth, query, ctx }) => {
      const trend = await monthlyTrend(oneDealership(auth, query.dealershipId), query.months, sources);
      const day = shanghaiDate(clock.now()).replace(/-/g, '');
      ctx.set(
        'Content-Disposition',
        `attachment; filename="kpis-${day}.csv"; filename*=UTF-8''${encodeURIComponent(`经营指标-${day}.csv`)}`
      );
      ctx.type = 'text/csv; charset=utf-8';
      ctx.body = trendCsv(trend.points);
      return undefined;
    }
  });
}
