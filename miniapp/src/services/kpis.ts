import { api } from './request'
import { downloadAuthed } from './download'
import type { AftercareKpiResponse, KpiResponse, KpiTrendResponse } from './api-types'

export interface KpiPeriodQuery {
  /** YYYY-MM; default the current month. */
  month?: string
  /** Group admins name the dealership. */
  dealershipId?: string
}

/** All KPIs of one dealership for one month (default the current month). */
export function getKpis(query: KpiPeriodQuery = {}): Promise<KpiResponse> {
  return api.get<KpiResponse>('/api/kpis', { month: query.month, dealershipId: query.dealershipId })
}

/** The monthly series for the charts: the last `months` calendar months. */
export function getKpiTrend(months: number, dealershipId?: string): Promise<KpiTrendResponse> {
  return api.get<KpiTrendResponse>('/api/kpis/trend', { months, dealershipId })
}

/** Path and query of the CSV export (the same series as the trend). */
export function kpiCsvRequest(months: number, dealershipId?: string): { path: string; query: { months: number; dealershipId?: string } } {
  return { path: '/api/kpis/export.csv', query: { months, dealershipId } }
}

export function exportKpisCsv(months: number, dealershipId?: string, today = new Date()): Promise<void> {
  const { path, query } = kpiCsvRequest(months, dealershipId)
  return downloadAuthed(path, `经营指标-${today.toISOString().slice(0, 10)}.csv`, query)
}

/** Satisfaction by advisor, service type and month; complaint response and resolution times by month. */
export function getAftercareKpis(months: number, dealershipId?: string): Promise<AftercareKpiResponse> {
  return api.get<AftercareKpiResponse>('/api/aftercare/kpis', { months, dealershipId })
}

export function exportAftercareKpisCsv(months: number, dealershipId?: string, today = new Date()): Promise<void> {
  return downloadAuthed('/api/aftercare/kpis/export.csv', `满意度与投诉-${today.toISOString().slice(0, 10)}.csv`, { months, dealershipId })
}
