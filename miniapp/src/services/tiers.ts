import { api } from './request'
import type { CustomerTierView, TierOverrideRequest, TierRunView, TierSettings, TierSummary } from './api-types'

/** Value tiers A/B/C/D: settings, recompute runs, summary, the archive's explanation and overrides. */

export function getCustomerTier(customerId: string): Promise<CustomerTierView> {
  return api.get<CustomerTierView>(`/api/customers/${encodeURIComponent(customerId)}/tier`)
}

/** Manager: pin a tier with a reason until `expiresAt` (the first day it no longer applies). */
export function setTierOverride(customerId: string, input: TierOverrideRequest): Promise<CustomerTierView> {
  return api.request<CustomerTierView>('PUT', `/api/customers/${encodeURIComponent(customerId)}/tier/override`, { body: input })
}

/** Manager: lift the override; the engine's tier applies again from the next run. */
export function liftTierOverride(customerId: string): Promise<CustomerTierView> {
  return api.request<CustomerTierView>('DELETE', `/api/customers/${encodeURIComponent(customerId)}/tier/override`)
}

export function getTierSettings(dealershipId: string): Promise<TierSettings> {
  return api.get<TierSettings>(`/api/dealerships/${encodeURIComponent(dealershipId)}/tier-settings`)
}

export function saveTierSettings(dealershipId: string, settings: TierSettings): Promise<TierSettings> {
  return api.request<TierSettings>('PUT', `/api/dealerships/${encodeURIComponent(dealershipId)}/tier-settings`, { body: settings })
}

export function getTierSummary(dealershipId?: string): Promise<TierSummary> {
  return api.get<TierSummary>('/api/tiers/summary', { dealershipId })
}

/** Starts a recompute now; poll `getTierRun` until it is done. */
export function recomputeTiers(dealershipId?: string): Promise<TierRunView> {
  return api.post<TierRunView>('/api/tiers/recompute', dealershipId ? { dealershipId } : {})
}

export function getTierRun(id: string): Promise<TierRunView> {
  return api.get<TierRunView>(`/api/tiers/runs/${encodeURIComponent(id)}`)
}
