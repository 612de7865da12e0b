import { api } from './request'
import type { CarePreview, CareRuleList, CareRuleView, CareTemplate, CreateCareRule, DispatchList, DispatchStatus, UpdateCareRule } from './api-types'

/** Care rules, templates, preview and the dispatch log (staff: managers and marketing). */

const scope = (dealershipId?: string) => ({ dealershipId })

export function listCareRules(dealershipId?: string): Promise<CareRuleList> {
  return api.get<CareRuleList>('/api/care/rules', scope(dealershipId))
}

export function createCareRule(rule: CreateCareRule, dealershipId?: string): Promise<CareRuleView> {
  return api.request<CareRuleView>('POST', '/api/care/rules', { body: rule, query: scope(dealershipId) })
}

export function updateCareRule(id: string, patch: UpdateCareRule, dealershipId?: string): Promise<CareRuleView> {
  return api.request<CareRuleView>('PATCH', `/api/care/rules/${encodeURIComponent(id)}`, { body: patch, query: scope(dealershipId) })
}

export function deleteCareRule(id: string, dealershipId?: string): Promise<void> {
  return api.request<void>('DELETE', `/api/care/rules/${encodeURIComponent(id)}`, { query: scope(dealershipId) })
}

export function getCareTemplates(dealershipId?: string): Promise<{ templates: CareTemplate[] }> {
  return api.get<{ templates: CareTemplate[] }>('/api/care/templates', scope(dealershipId))
}

/** Dry run: who gets what on `date` (YYYY-MM-DD). Writes nothing. */
export function previewCare(date: string, dealershipId?: string): Promise<CarePreview> {
  return api.request<CarePreview>('POST', '/api/care/preview', { body: { date }, query: scope(dealershipId) })
}

export interface DispatchQuery {
  /** Run date (YYYY-MM-DD). */
  date?: string
  status?: DispatchStatus
  ruleId?: string
  dealershipId?: string
  page?: number
  pageSize?: number
}

export function listDispatches(query: DispatchQuery): Promise<DispatchList> {
  return api.get<DispatchList>('/api/care/dispatches', { ...query })
}
