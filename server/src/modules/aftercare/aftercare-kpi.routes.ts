import type Router from '@koa/router';
import { aftercareKpiQuery, aftercareKpiResponse } from '@dealer/shared';
import { oneDealership } from '../../http/dealership-scope';
import { route } from '../../http/route';
import { aftercareKpiCsv } from './aftercare-kpi-csv';
import { aftercareKpiReport } from './aftercare-kpi-report';

/** The KPI dashboard's aftercare figures (satisfaction, complaint times) by month, and as CSV. */
export function aftercareKpiRoutes(router: Router): void {
  route.staff(router, {
    method: 'get',
    path: '/api/aftercare/kpis',
    capability: 'kpis.read',
    tag: 'kpis',
    summary:
      'Satisfaction by advisor, service type and month; complaint response and resolution times by month',
    query: aftercareKpiQuery,
    response: aftercareKpiResponse,
    handler: ({ auth, query }) => aftercareKpiReport(oneDealership(auth, query.dealershipId), query.months)
  });

  route.staff(router, {
    method: 'get',
    path: '/api/aftercare/kpis/export.csv',
    capability: 'kpis.read',
    tag: 'kpis',
    summary: 'The aftercare KPIs as CSV (UTF-8 with BOM): months, the range, advisors, service types',
    query: aftercareKpiQuery,
    produces: 'text/csv',
    handler: async ({ auth, query, ctx }) => {
      const report = await aftercareKpiReport(oneDealership(auth, query.dealershipId), query.months);
      const span = `${report.from.slice(0, 7)}_${report.to.slice(0, 7)}`.replace(/-/g, '');
      ctx.set(
        'Content-Disposition',
        `attachment; filename="aftercare-kpis-${span}.csv"; filename*=UTF-8''${encodeURIComponent(`满意度与投诉-${span}.csv`)}`
      );
      ctx.type = 'text/csv; charset=utf-8';
      ctx.body = aftercareKpiCsv(report);
      return undefined;
    }
  });
}
