import { api } from './request'
import type { DealershipDueSettings } from './api-types'

/** Due settings of a dealership (intervals, lead days, projection defaults, control group). */
export function getDueSettings(dealershipId: string): Promise<DealershipDueSettings> {
  return api.get<DealershipDueSettings>(`/api/dealerships/${encodeURIComponent(dealershipId)}/due-settings`)
}

export function saveDueSettings(dealershipId: string, settings: DealershipDueSettings): Promise<DealershipDueSettings> {
  return api.request<DealershipDueSettings>('PUT', `/api/dealerships/${encodeURIComponent(dealershipId)}/due-settings`, {
    body: settings
  })
}
